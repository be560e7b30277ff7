import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { lookupKeys, planThreads, type ThreadCandidate } from './plan-threads';

export type { ThreadCandidate } from './plan-threads';

/**
 * Gives each message of a batch of one mailbox (not yet inserted) its conversation, before the insert, so the
 * insert sets messages.thread_id in the same statement (issue 20: no second pass). Reads the threads the
 * batch's ids and subjects point at, decides in memory (plan-threads.ts), then writes new threads and every id
 * into thread_refs. Two statements per batch whatever its size (three more when it merges threads). Returns
 * the thread id of each message, in the order given.
 */
export async function assignThreads(
  db: DbOrTx,
  options: { orgId: string; mailboxId: string; messages: ThreadCandidate[] },
): Promise<number[]> {
  const { orgId, mailboxId, messages } = options;
  if (messages.length === 0) return [];
  const keys = lookupKeys(messages);
  // Both lookups in one round trip. Locked, so a concurrent delete of a thread's last message cannot drop the
  // thread between this read and the insert of the batch.
  const found = await db.execute<{
    ref: string | null;
    thread_id: string;
    subject_key: string | null;
    first_at: string | Date | null;
    latest_at: string | Date | null;
  }>(sql`
    with by_ref as (
      select r.message_id_header, r.thread_id from thread_refs r join threads t on t.id = r.thread_id
      where r.mailbox_id = ${mailboxId}::uuid and r.message_id_header = any(${sql.param(keys.ids)}::text[])
      for key share of t
    ), by_subject as (
      select id, subject_key, first_at, latest_at from threads
      where mailbox_id = ${mailboxId}::uuid and subject_key = any(${sql.param(keys.subjectKeys)}::text[])
        and latest_at >= ${keys.from} and first_at <= ${keys.to}
      for key share
    )
    select message_id_header as ref, thread_id, null as subject_key, null as first_at, null as latest_at from by_ref
    union all
    select null, id, subject_key, first_at, latest_at from by_subject`);
  const plan = planThreads(
    messages,
    found.rows.flatMap((r) => (r.ref === null ? [] : [{ ref: r.ref, threadId: Number(r.thread_id) }])),
    found.rows.flatMap((r) =>
      r.subject_key === null || r.first_at === null || r.latest_at === null
        ? []
        : [
            {
              threadId: Number(r.thread_id),
              subjectKey: r.subject_key,
              // The driver may hand timestamps over as text: Date accepts both.
              firstAt: new Date(r.first_at).getTime(),
              latestAt: new Date(r.latest_at).getTime(),
            },
          ],
    ),
  );

  if (plan.merges.length > 0) {
    const pairs = sql`(select unnest(${sql.param(plan.merges.map((m) => m.drop))}::bigint[]) as drop_id,
      unnest(${sql.param(plan.merges.map((m) => m.keep))}::bigint[]) as keep_id)`;
    await db.execute(sql`update thread_refs r set thread_id = p.keep_id from ${pairs} p where r.thread_id = p.drop_id`);
    // The messages trigger recomputes both sides and deletes the emptied threads with their folder rows; a
    // thread that had only refs is deleted here.
    await db.execute(sql`update messages m set thread_id = p.keep_id from ${pairs} p where m.thread_id = p.drop_id`);
    await db.execute(sql`delete from threads where id = any(${sql.param(plan.merges.map((m) => m.drop))}::bigint[])`);
  }

  const createdIds: number[] = [];
  if (plan.created.length > 0 || plan.refs.length > 0) {
    // New threads and every id's thread in one statement. Ids are drawn per ordinal first (no reliance on the
    // order of RETURNING); a ref names either an existing thread or the ordinal of a new one.
    const created = await db.execute<{ ord: number; id: string }>(sql`
      with new_ids as materialized (
        select ord::int, nextval(pg_get_serial_sequence('threads', 'id')) as id
        from generate_series(1, ${plan.created.length}::int) as ord
      ), new_threads as (
        insert into threads (id, org_id, mailbox_id, subject_key, first_at, latest_at) overriding system value
        select n.id, ${orgId}::uuid, ${mailboxId}::uuid, u.key, u.first_at, u.latest_at
        from unnest(${sql.param(plan.created.map((c) => c.subjectKey))}::text[],
          ${sql.param(plan.created.map((c) => new Date(c.firstAt).toISOString()))}::timestamptz[],
          ${sql.param(plan.created.map((c) => new Date(c.latestAt).toISOString()))}::timestamptz[])
          with ordinality as u(key, first_at, latest_at, ord)
        join new_ids n on n.ord = u.ord
      ), new_refs as (
        insert into thread_refs (org_id, mailbox_id, message_id_header, thread_id)
        select ${orgId}::uuid, ${mailboxId}::uuid, r.ref, coalesce(r.thread_id, n.id)
        from unnest(${sql.param(plan.refs.map((r) => r.ref))}::text[],
          ${sql.param(plan.refs.map((r) => r.threadId))}::bigint[],
          ${sql.param(plan.refs.map((r) => (r.created === null ? null : r.created + 1)))}::int[]) as r(ref, thread_id, ord)
        left join new_ids n on n.ord = r.ord
        on conflict (mailbox_id, message_id_header) do update set thread_id = excluded.thread_id
      )
      select ord, id from new_ids`);
    for (const row of created.rows) createdIds[row.ord - 1] = Number(row.id);
  }
  return plan.threadOf.map((t) => ('threadId' in t ? t.threadId : createdIds[t.created]!));
}
