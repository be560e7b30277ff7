import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';

// One row per organization per purge run (SPEC §7): what the run did there, for Settings → Plan and the audit.
export const purgeRuns = pgTable(
  'purge_runs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    // Rows of one run share it.
    runId: uuid().notNull(),
    trigger: text().notNull(),
    dryRun: boolean().notNull().default(false),
    cutoff: timestamp({ withTimezone: true }),
    deleted: integer().notNull().default(0),
    hidden: integer().notNull().default(0),
    keptForTasks: integer().notNull().default(0),
    attachmentsFreed: integer().notNull().default(0),
    durationMs: integer().notNull().default(0),
    createdAt: createdAtColumn(),
  },
  (t) => [index('purge_runs_org_created_idx').on(t.orgId, t.createdAt.desc())],
);

export type PurgeRun = typeof purgeRuns.$inferSelect;
