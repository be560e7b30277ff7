import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

export const flagColumns = (flags: Set<string>) => ({
  seen: flags.has('\\Seen'),
  flagged: flags.has('\\Flagged'),
  answered: flags.has('\\Answered'),
  draft: flags.has('\\Draft'),
  // Sorted, so that comparing with the stored array says whether anything changed.
  keywords: [...flags]
    .filter((f) => !f.startsWith('\\'))
    .sort()
    .slice(0, 50),
});

/** Writes the server's flags and keywords onto the folder's rows at these UIDs; returns how many changed. */
export async function applyFlagChanges(
  db: DbOrTx,
  folderId: number,
  changes: Array<{ uid: number; flags: Set<string> }>,
): Promise<number> {
  let updated = 0;
  for (let i = 0; i < changes.length; i += 5_000) {
    const values = sql.join(
      changes.slice(i, i + 5_000).map((c) => {
        const f = flagColumns(c.flags);
        return sql`(${c.uid}::bigint, ${f.seen}::boolean, ${f.flagged}::boolean, ${f.answered}::boolean, ${f.draft}::boolean, ${sql.param(f.keywords)}::text[])`;
      }),
      sql`, `,
    );
    // Only rows whose flags really differ are written: a full-range fallback must not rewrite every row.
    const result = await db.execute(sql`
      update messages m set seen = v.seen, flagged = v.flagged, answered = v.answered, draft = v.draft, keywords = v.keywords
      from (values ${values}) as v(uid, seen, flagged, answered, draft, keywords)
      where m.folder_id = ${folderId} and m.uid = v.uid
        and (m.seen, m.flagged, m.answered, m.draft, m.keywords) is distinct from (v.seen, v.flagged, v.answered, v.draft, v.keywords)`);
    updated += result.rowCount ?? 0;
  }
  return updated;
}
