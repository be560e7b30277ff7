import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { mailFolders, messages, type MailFolder } from '@/db/schema';
import type { RelinkCandidate } from './relink-pool';
import { GONE_UID_OFFSET, retireRows, type RetireResult } from './retire-rows';
import { candidateColumns } from './sync-folder-changes';

/**
 * The server renumbered the folder (UIDVALIDITY changed): every stored UID is void. The rows are kept with
 * negated UIDs and offered for re-linking while the folder is imported again, so the folder is rebuilt
 * quietly (nothing shows as new) and links to tasks and the CRM survive. Rows left unmatched after the import
 * are retired by `retireStaleRows`.
 */
export async function resetFolderForRebuild(db: Db, folder: MailFolder, uidValidity: number): Promise<MailFolder> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`update messages set uid = -uid where folder_id = ${folder.id} and uid > 0`);
    const [reset] = await tx
      .update(mailFolders)
      .set({ uidValidity, uidNext: null, highestModseq: null, importCursorUid: null, importCompletedAt: null })
      .where(eq(mailFolders.id, folder.id))
      .returning();
    return reset!;
  });
}

/**
 * The rows of rebuilt folders that no message has taken over yet, in one statement for all the mailbox's
 * folders. Read at every sync, so a rebuild interrupted by a crash (before or after its import completed)
 * still hands its rows over, and retires what is left, on the next one.
 */
export async function staleRows(db: DbOrTx, folderIds: number[]): Promise<RelinkCandidate[]> {
  if (folderIds.length === 0) return [];
  return db
    .select(candidateColumns)
    .from(messages)
    .where(and(inArray(messages.folderId, folderIds), lt(messages.uid, 0), gt(messages.uid, -GONE_UID_OFFSET)));
}

/** Retires the given stale rows that are still stale (a row taken over meanwhile has a new place). */
export async function retireStaleRows(
  db: DbOrTx,
  rows: RelinkCandidate[],
  claimed: (id: number) => boolean,
): Promise<RetireResult> {
  return retireRows(
    db,
    rows.filter((r) => !claimed(r.id)),
  );
}
