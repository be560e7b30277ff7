import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailFolders, type MailFolder, type Mailbox } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';

/** A folder whose mailbox the actor may read; unknown and foreign folders are not found alike. */
export async function getFolderForActor(
  db: DbOrTx,
  options: { folderId: number; actor: Actor },
): Promise<{ folder: MailFolder; mailbox: Mailbox }> {
  const [folder] = await db.select().from(mailFolders).where(eq(mailFolders.id, options.folderId)).limit(1);
  if (!folder) throw new AppError('not_found', { problem: { key: 'mail.folderGone' } });
  const mailbox = await getMailboxForActor(db, {
    mailboxId: folder.mailboxId,
    actor: options.actor,
    permission: 'read',
  });
  return { folder, mailbox };
}
