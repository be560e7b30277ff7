import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailFolders, messages, type MailFolder } from '@/db/schema';

/**
 * The server renumbered the folder (UIDVALIDITY changed): every stored UID is void. The rows are kept with
 * negated UIDs and offered for re-linking by Message-ID while the folder is imported again, so the folder is
 * rebuilt quietly (nothing shows as new) and links to tasks and the CRM survive. Rows left unmatched after
 * the import are removed by `dropStaleRows`.
 */
export async function resetFolderForRebuild(db: Db, folder: MailFolder, uidValidity: number): Promise<{ folder: MailFolder; stale: Map<string, number> }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`update messages set uid = -uid where folder_id = ${folder.id} and uid > 0`);
    const [reset] = await tx
      .update(mailFolders)
      .set({ uidValidity, uidNext: null, highestModseq: null, importCursorUid: null, importCompletedAt: null })
      .where(eq(mailFolders.id, folder.id))
      .returning();
    const stale = await tx
      .select({ id: messages.id, messageIdHeader: messages.messageIdHeader })
      .from(messages)
      .where(and(eq(messages.folderId, folder.id), lt(messages.uid, 0)));
    return { folder: reset!, stale: new Map(stale.filter((r) => r.messageIdHeader).map((r) => [r.messageIdHeader!, r.id])) };
  });
}

export async function dropStaleRows(db: Db, folderId: number): Promise<number> {
  const removed = await db.delete(messages).where(and(eq(messages.folderId, folderId), lt(messages.uid, 0))).returning({ id: messages.id });
  return removed.length;
}
