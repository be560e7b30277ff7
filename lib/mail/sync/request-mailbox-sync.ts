import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, organizations } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { throwIfMailUnavailable } from '../../plans/guards';

/**
 * The Sync button, or a user opening the mailbox: marks the request (the sync policy treats it as "now")
 * and returns the mailbox id for the caller to enqueue at once rather than wait for the scheduler's tick.
 */
export async function requestMailboxSync(
  db: DbOrTx,
  options: { mailboxId: string; actor: Actor; now?: Date },
): Promise<string> {
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'read',
  });
  const [org] = await db.select().from(organizations).where(eq(organizations.id, mailbox.orgId));
  throwIfMailUnavailable(org!, options.now);
  await db
    .update(mailboxes)
    .set({ syncRequestedAt: options.now ?? new Date() })
    .where(eq(mailboxes.id, mailbox.id));
  return mailbox.id;
}
