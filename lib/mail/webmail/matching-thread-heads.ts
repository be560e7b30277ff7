import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messages } from '@/db/schema';
import type { ListCursor } from './message-filters';

export type ThreadHead = { messageId: number; threadId: number; receivedAt: Date };

// The first batch asks for exactly the rows wanted: with a sparse filter (a link kind, a rare word) nearly every
// match heads its own thread, and the walk then costs what the message list's does. Where threads repeat,
// the batches double.
const MAX_BATCH = 2_000;

/**
 * The newest matching message of each conversation with a match (its "head"), newest first, `want` of them
 * after `cursor`. Walking the matching messages in the message list's index order (received desc, id desc),
 * the first message met of a thread is its head, so the list stays a keyset walk on one index: no GROUP BY
 * over every match of a 100,000-message folder per page. A thread met below the cursor whose head lies above
 * it was on an earlier page and is skipped, so every thread comes once.
 */
export async function matchingThreadHeads(
  db: DbOrTx,
  options: { matching: SQL; cursor: ListCursor | null; want: number },
): Promise<ThreadHead[]> {
  const { matching, cursor, want } = options;
  const below = (at: ListCursor) =>
    sql`(${messages.receivedAt}, ${messages.id}) < (${at.receivedAt}::timestamptz, ${at.id}::bigint)`;
  const heads: ThreadHead[] = [];
  const met = new Set<number>();
  let position = cursor;
  let batch = want;
  for (;;) {
    const rows = await db
      .select({ messageId: messages.id, threadId: sql<number>`${messages.threadId}`, receivedAt: messages.receivedAt })
      .from(messages)
      .where(position ? and(matching, below(position)) : matching)
      .orderBy(sql`${messages.receivedAt} desc nulls last`, sql`${messages.id} desc nulls last`)
      .limit(batch);
    const fresh = [...new Set(rows.map((r) => r.threadId))].filter((id) => !met.has(id));
    const shownBefore = cursor && fresh.length > 0 ? await threadsMatchingFrom(db, matching, cursor, fresh) : new Set();
    for (const row of rows) {
      if (met.has(row.threadId)) continue;
      met.add(row.threadId);
      if (shownBefore.has(row.threadId)) continue;
      heads.push(row);
      if (heads.length === want) return heads;
    }
    const last = rows.at(-1);
    if (rows.length < batch || !last) return heads;
    position = { receivedAt: last.receivedAt.toISOString(), id: last.messageId };
    batch = Math.min(batch * 2, MAX_BATCH);
  }
}

/** Of `threadIds`, those with a matching message at or above the cursor: listed on an earlier page. */
async function threadsMatchingFrom(
  db: DbOrTx,
  matching: SQL,
  cursor: ListCursor,
  threadIds: number[],
): Promise<Set<number>> {
  const rows = await db
    .selectDistinct({ threadId: sql<number>`${messages.threadId}` })
    .from(messages)
    .where(
      and(
        matching,
        inArray(messages.threadId, threadIds),
        sql`(${messages.receivedAt}, ${messages.id}) >= (${cursor.receivedAt}::timestamptz, ${cursor.id}::bigint)`,
      ),
    );
  return new Set(rows.map((r) => r.threadId));
}
