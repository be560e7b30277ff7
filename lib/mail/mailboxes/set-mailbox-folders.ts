import { and, eq, inArray, not } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailFolders } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';

/**
 * Which folders of a mailbox are synced (and shown). The inbox always is: without it a mailbox would look
 * empty while mail keeps arriving. Ids of folders of other mailboxes are refused as not found.
 */
export async function setMailboxFolders(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; folderIds: number[] },
): Promise<{ synced: number[] }> {
  return db.transaction(async (tx) => {
    const mailbox = await getMailboxForActor(tx, {
      mailboxId: options.mailboxId,
      actor: options.actor,
      permission: 'manage',
    });
    const folders = await tx.select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id));
    const known = new Set(folders.map((f) => f.id));
    const wanted = new Set(options.folderIds);
    if ([...wanted].some((id) => !known.has(id)))
      throw new AppError('not_found', { problem: { key: 'mailbox.folderGone' } });
    for (const folder of folders) if (folder.specialUse === 'inbox') wanted.add(folder.id);
    const ids = [...wanted];
    await tx
      .update(mailFolders)
      .set({ syncEnabled: true })
      .where(and(eq(mailFolders.mailboxId, mailbox.id), ids.length ? inArray(mailFolders.id, ids) : undefined));
    await tx
      .update(mailFolders)
      .set({ syncEnabled: false })
      .where(and(eq(mailFolders.mailboxId, mailbox.id), ids.length ? not(inArray(mailFolders.id, ids)) : undefined));
    const off = folders.filter((f) => !wanted.has(f.id)).map((f) => f.path);
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.folders_updated',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: { email: mailbox.email, notSynced: off },
    });
    return { synced: ids };
  });
}
