import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations, purgeRuns } from '@/db/schema';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { previewPurge } from './preview-purge';
import { purgeOrganization, type OrgPurgeReport } from './purge-organization';

export type PurgeTrigger = 'cron' | 'cli';
export type PurgeRunReport =
  | { status: 'done'; runId: string; dryRun: boolean; organizations: OrgPurgeReport[]; durationMs: number }
  | { status: 'already_running' };

// One purge at a time across every app server and worker: a session-level advisory lock on its own connection,
// which PostgreSQL drops if the process dies.
const PURGE_LOCK = 'mailroom:retention-purge';

/**
 * The retention purge of every organization, or one (SPEC §7). A second call while one runs does nothing and
 * says so; running again right after finds nothing left to do. Each organization's result is recorded.
 */
export async function runPurge(
  db: Db,
  options: { trigger: PurgeTrigger; dryRun?: boolean; orgId?: string; now?: Date; batchSize?: number },
): Promise<PurgeRunReport> {
  const client = await db.$client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [
      PURGE_LOCK,
    ]);
    if (!rows[0]?.ok) return { status: 'already_running' };
    try {
      return await purgeAll(db, options);
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [PURGE_LOCK]);
    }
  } finally {
    client.release();
  }
}

async function purgeAll(
  db: Db,
  options: { trigger: PurgeTrigger; dryRun?: boolean; orgId?: string; now?: Date; batchSize?: number },
): Promise<PurgeRunReport> {
  const started = Date.now();
  const runId = randomUUID();
  const dryRun = options.dryRun ?? false;
  const orgs = await db
    .select()
    .from(organizations)
    .where(options.orgId ? eq(organizations.id, options.orgId) : undefined)
    .orderBy(asc(organizations.createdAt));
  const reports: OrgPurgeReport[] = [];
  for (const org of orgs) {
    const report = dryRun
      ? await dryRunReport(db, org, options.now)
      : await purgeOrganization(db, { org, now: options.now, batchSize: options.batchSize });
    reports.push(report);
    if (dryRun) continue;
    await db.insert(purgeRuns).values({
      orgId: org.id,
      runId,
      trigger: options.trigger,
      cutoff: report.cutoff ? new Date(report.cutoff) : null,
      ...counts(report),
      durationMs: report.durationMs,
    });
    await writeAuditEntry(db, {
      orgId: org.id,
      actor: { kind: options.trigger },
      action: 'retention.purge',
      targetType: 'organization',
      targetId: org.id,
      data: { runId, ...counts(report) },
    });
  }
  return { status: 'done', runId, dryRun, organizations: reports, durationMs: Date.now() - started };
}

const counts = (r: OrgPurgeReport) => ({
  deleted: r.deleted,
  hidden: r.hidden,
  keptForTasks: r.keptForTasks,
  attachmentsFreed: r.attachmentsFreed,
});

async function dryRunReport(db: Db, org: typeof organizations.$inferSelect, now?: Date): Promise<OrgPurgeReport> {
  const started = Date.now();
  const preview = await previewPurge(db, { org, now });
  const sum = (key: 'deleted' | 'hidden' | 'keptForTasks' | 'attachmentsFreed') =>
    preview.mailboxes.reduce((n, m) => n + m[key], 0);
  return {
    orgId: org.id,
    cutoff: preview.cutoff,
    deleted: sum('deleted'),
    hidden: sum('hidden'),
    keptForTasks: sum('keptForTasks'),
    attachmentsFreed: sum('attachmentsFreed'),
    durationMs: Date.now() - started,
  };
}
