import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, type AddressJson, type Mailbox } from '@/db/schema';
import type { Actor } from '../../access/actor';

/**
 * The From of a message written in Mailroom: the mailbox's sender name when one is set, else the name of the
 * person whose address it is (the mailbox owner), else of the person writing. A bare address reads as spam
 * or as a machine to most recipients, and the user should not have to find a setting to avoid that.
 */
export async function senderAddress(
  db: DbOrTx,
  mailbox: Pick<Mailbox, 'email' | 'senderName' | 'ownerUserId'>,
  actor: Actor,
): Promise<AddressJson> {
  if (mailbox.senderName?.trim()) return { name: mailbox.senderName, address: mailbox.email };
  const userId = mailbox.ownerUserId ?? (actor.kind === 'user' ? actor.userId : null);
  if (!userId) return { name: '', address: mailbox.email };
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return { name: user?.name.trim() ?? '', address: mailbox.email };
}
