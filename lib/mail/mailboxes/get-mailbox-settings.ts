import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailFolders, users, type MailFolder } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { toMailboxView, type MailboxView } from './mailbox-view';

export type MailboxSettings = {
  mailbox: MailboxView;
  owner: { id: string; name: string; email: string; active: boolean } | null;
  folders: Array<Pick<MailFolder, 'id' | 'name' | 'path' | 'specialUse' | 'syncEnabled'>>;
};

/** One mailbox's settings page, for whoever manages it (never its credentials, never its mail). */
export async function getMailboxSettings(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string },
): Promise<MailboxSettings> {
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'manage',
  });
  const [owner] = mailbox.ownerUserId
    ? await db
        .select({ id: users.id, name: users.name, email: users.email, active: users.active })
        .from(users)
        .where(eq(users.id, mailbox.ownerUserId))
    : [];
  const folders = await db
    .select({
      id: mailFolders.id,
      name: mailFolders.name,
      path: mailFolders.path,
      specialUse: mailFolders.specialUse,
      syncEnabled: mailFolders.syncEnabled,
    })
    .from(mailFolders)
    .where(eq(mailFolders.mailboxId, mailbox.id))
    .orderBy(asc(mailFolders.path));
  return { mailbox: toMailboxView(mailbox), owner: owner ?? null, folders };
}
