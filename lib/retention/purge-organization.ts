import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { Organization } from '@/db/schema';
import { retentionCutoff } from '../plans/effective-plan';

export type OrgPurgeReport = {
  orgId: string;
  // Null: the plan has no mail (free, expired trial), so every local copy not linked to work is due (SPEC §2).
  cutoff: string | null;
  deleted: number;
  hidden: number;
  keptForTasks: number;
  attachmentsFreed: number;
  durationMs: number;
};

const DEFAULT_BATCH = 5_000;
const due = (cutoff: Date | null) => (cutoff ? sql`and received_at < ${cutoff}` : sql``);

/**
 * The retention purge of one organization (SPEC §7). Never touches a mail server. Per bounded batch:
 * - not linked to a task or the CRM → the local message goes, with its body, attachments and search entry;
 * - linked to the CRM only → hidden from the webmail (the CRM activity keeps its own copy);
 * - linked to a task → kept.
 * The link test sits in the deleting statement itself, on the row it deletes: a link committed meanwhile makes
 * PostgreSQL re-check the row and keep it, and a row being linked right now is skipped as locked.
 * Each folder's import floor moves to the cutoff first, so no sync imports the purged mail again.
 */
export async function purgeOrganization(
  db: Db,
  options: { org: Pick<Organization, 'id' | 'plan' | 'trialEndsAt'>; now?: Date; batchSize?: number },
): Promise<OrgPurgeReport> {
  const started = Date.now();
  const { org } = options;
  const cutoff = retentionCutoff(org, options.now ?? new Date());
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const floor = cutoff ?? options.now ?? new Date();
  await db.execute(sql`
    update mail_folders set import_floor = greatest(coalesce(import_floor, ${floor}), ${floor})
    where org_id = ${org.id}`);

  // Two workers on two connections, each on its half of the ids: deleting is CPU-bound in PostgreSQL, and the
  // halves never wait on each other's row locks.
  const workers = await Promise.all([0, 1].map((half) => deleteDue(db, { orgId: org.id, cutoff, batch, half })));
  const deleted = workers.reduce((n, w) => n + w.deleted, 0);
  const attachmentsFreed = workers.reduce((n, w) => n + w.attachmentsFreed, 0);

  let hidden = 0;
  for (;;) {
    const result = await db.execute(sql`
      update messages set hidden_from_webmail = true
      where id in (
        select id from messages
        where org_id = ${org.id} ${due(cutoff)} and not hidden_from_webmail
          and link_kinds && array['crm']::message_link_kind[] and not (link_kinds && array['task']::message_link_kind[])
        limit ${batch}
        for update skip locked
      ) and not (link_kinds && array['task']::message_link_kind[])`);
    if (!result.rowCount) break;
    hidden += result.rowCount;
  }

  const kept = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from messages where org_id = ${org.id} ${due(cutoff)} and link_kinds && array['task']::message_link_kind[]`);
  return {
    orgId: org.id,
    cutoff: cutoff?.toISOString() ?? null,
    deleted,
    hidden,
    keptForTasks: kept.rows[0]?.n ?? 0,
    attachmentsFreed,
    durationMs: Date.now() - started,
  };
}

async function deleteDue(
  db: Db,
  options: { orgId: string; cutoff: Date | null; batch: number; half: number },
): Promise<{ deleted: number; attachmentsFreed: number }> {
  let deleted = 0;
  let attachmentsFreed = 0;
  // Walks the (org, received) index forward from where the last batch stopped, so linked and locked rows
  // left behind are not read again by every batch.
  let from = new Date(0);
  for (;;) {
    // Statements in one WITH share a snapshot: the attachment count still sees the rows the delete cascades.
    const result = await db.execute<{ deleted: number; attachments: number; last: Date | null }>(sql`
      with victims as (
        select id, received_at from messages
        where org_id = ${options.orgId} and received_at >= ${from} ${due(options.cutoff)} and id % 2 = ${options.half}
          and not (link_kinds && array['task', 'crm']::message_link_kind[])
        order by received_at
        limit ${options.batch}
        for update skip locked
      ), gone as (
        delete from messages where id in (select id from victims) and not (link_kinds && array['task', 'crm']::message_link_kind[])
        returning id
      )
      select (select count(*) from gone)::int as deleted,
             (select count(*) from attachments where message_id in (select id from gone))::int as attachments,
             (select max(received_at) from victims) as last`);
    const row = result.rows[0];
    if (!row?.last) return { deleted, attachmentsFreed };
    deleted += row.deleted;
    attachmentsFreed += row.attachments;
    from = new Date(row.last);
  }
}
