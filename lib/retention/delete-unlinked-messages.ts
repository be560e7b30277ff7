import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';

export type DeleteUnlinkedResult = { deleted: number; batches: number };

/**
 * Deletes an organization's local messages that no task or CRM record is linked to (never anything on the
 * mail server), in bounded batches so the rest of the app stays responsive. The link test is on the row being
 * deleted (messages.link_kinds, updated together with every link): a link committed meanwhile makes
 * PostgreSQL re-check that row and keep it, and a row being linked right now is skipped as locked.
 */
export async function deleteUnlinkedMessages(
  db: Db,
  options: { orgId: string; receivedBefore?: Date; batchSize?: number },
): Promise<DeleteUnlinkedResult> {
  const batchSize = options.batchSize ?? 2_000;
  const before = options.receivedBefore ? sql`and received_at < ${options.receivedBefore}` : sql``;
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from messages
      where id in (
        select id from messages
        where org_id = ${options.orgId} and not (link_kinds && array['task', 'crm']::message_link_kind[]) ${before}
        limit ${batchSize}
        for update skip locked
      )
      and not (link_kinds && array['task', 'crm']::message_link_kind[])`);
    const count = result.rowCount ?? 0;
    if (count === 0) break;
    deleted += count;
    batches += 1;
  }
  return { deleted, batches };
}

export async function countUnlinkedMessages(db: DbOrTx, options: { orgId: string }): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from messages
    where org_id = ${options.orgId} and not (link_kinds && array['task', 'crm']::message_link_kind[])`);
  return result.rows[0]?.n ?? 0;
}
