import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

// Below this, autovacuum's own analyze (within a minute or two of enough changes) is soon enough.
const MIN_IMPORTED = 1_000;

/**
 * Refreshes PostgreSQL's statistics of the tables a first import fills, when it made up a large share of them.
 * Until autovacuum analyzes them, the planner guesses: right after a first import of 20,000 messages into a new
 * installation, the first page of the conversation list took 60 ms instead of 3 (bench:first-row), and that is
 * exactly when the new user opens the inbox. SKIP_LOCKED: a table being vacuumed or analyzed is left to that,
 * rather than holding up the sync behind it; its statistics are being refreshed anyway.
 */
export async function refreshPlannerStatistics(db: Db, imported: number): Promise<boolean> {
  if (imported < MIN_IMPORTED) return false;
  // reltuples is -1 for a table never analyzed (PostgreSQL 14+), otherwise the row count it last estimated.
  const { rows } = await db.execute<{ rows: number; at: string }>(
    sql`select reltuples::float8 as rows, clock_timestamp()::text as at from pg_class where oid = 'messages'::regclass`,
  );
  const known = Number(rows[0]?.rows ?? -1);
  if (known >= 0 && imported < known * 0.1) return false;
  // Imports finishing together (one worker's syncs, or several workers after a burst of new mailboxes) would
  // each sample the same tables. They take turns, and one that finds the tables analyzed since its import
  // ended leaves them be: one ANALYZE for the burst, at the cost of waiting for it. A transaction lock, so a
  // failed or killed sync cannot keep it.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('mailroom:refresh-planner-statistics'))`);
    const { rows: analyzed } = await tx.execute<{ fresh: boolean }>(sql`
      select coalesce(greatest(last_analyze, last_autoanalyze) >= ${rows[0]?.at ?? null}::timestamptz, false) as fresh
      from pg_stat_user_tables where relid = 'messages'::regclass`);
    if (analyzed[0]?.fresh) return false;
    await tx.execute(sql`analyze (skip_locked) messages, threads, thread_folders`);
    return true;
  });
}
