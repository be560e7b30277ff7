import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/** A local row that the server no longer has where the sync last saw it. */
export type LostRow = { id: number; folderId: number; uid: number };

export type RetireResult = { deleted: number; keptGone: number };

// Gone rows keep their (folder, uid) key unique below every real UID and every rebuild's negated one.
export const GONE_UID_OFFSET = 4_294_967_296;

/**
 * Takes rows that left the server off the folder lists. A row linked to work (a task, the CRM, an event, a
 * chat, a post) keeps its local copy, marked as gone from the server, so the work never loses its message;
 * the others are deleted with their bodies and attachments. Only rows still where the sync saw them are
 * touched: a move the user made in Mailroom meanwhile gave the row a new folder and UID, and it must survive.
 * `moveTo` re-homes kept rows whose folder is about to be deleted. The link test is on the row itself, so a
 * link committed while this runs is seen.
 */
export async function retireRows(
  db: DbOrTx,
  rows: LostRow[],
  options: { moveTo?: number } = {},
): Promise<RetireResult> {
  const result: RetireResult = { deleted: 0, keptGone: 0 };
  for (let i = 0; i < rows.length; i += 5_000) {
    const tuples = sql.join(
      rows.slice(i, i + 5_000).map((r) => sql`(${r.id}::bigint, ${r.folderId}::bigint, ${r.uid}::bigint)`),
      sql`, `,
    );
    const deleted = await db.execute(sql`
      delete from messages where (id, folder_id, uid) in (${tuples}) and link_kinds = '{}'`);
    // After the delete: a link committed meanwhile made the delete skip the row, and this keeps it.
    const kept = await db.execute(sql`
      update messages set gone_from_server_at = now(), uid = -(${GONE_UID_OFFSET}::bigint + id),
        folder_id = coalesce(${options.moveTo ?? null}::bigint, folder_id)
      where (id, folder_id, uid) in (${tuples}) and link_kinds <> '{}'`);
    result.keptGone += kept.rowCount ?? 0;
    result.deleted += deleted.rowCount ?? 0;
  }
  return result;
}
