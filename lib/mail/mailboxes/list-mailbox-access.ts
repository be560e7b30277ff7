import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, users, type MailboxAccessLevel } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';

export type MailboxGrantView = {
  userId: string;
  name: string;
  email: string;
  active: boolean;
  level: MailboxAccessLevel;
  grantedAt: Date;
};

/** Who has access to a mailbox besides its owner, for those who manage it. */
export async function listMailboxAccess(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string },
): Promise<MailboxGrantView[]> {
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'manage',
  });
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      level: mailboxAccess.level,
      grantedAt: mailboxAccess.createdAt,
    })
    .from(mailboxAccess)
    .innerJoin(users, eq(users.id, mailboxAccess.userId))
    .where(eq(mailboxAccess.mailboxId, mailbox.id))
    .orderBy(asc(users.name), asc(users.email));
}
