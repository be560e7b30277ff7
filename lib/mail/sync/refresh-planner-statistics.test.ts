import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { refreshPlannerStatistics } from './refresh-planner-statistics';

// The planner's row estimate of a table: -1 until it is first analyzed (or vacuumed).
async function estimatedRows(table: string): Promise<number> {
  const { rows } = await getDb().execute<{ n: number }>(
    sql`select reltuples::float8 as n from pg_class where oid = ${table}::regclass`,
  );
  return Number(rows[0]?.n);
}

describe('refreshPlannerStatistics', () => {
  it('leaves small imports to autovacuum, and analyzes the tables a large first import filled', async () => {
    expect(await refreshPlannerStatistics(getDb(), 999)).toBe(false);
    // Forget the statistics, as on a new installation, so the call below must produce them.
    await getDb().execute(sql`update pg_class set reltuples = -1 where oid = 'thread_folders'::regclass`);
    expect(await estimatedRows('thread_folders')).toBe(-1);
    expect(await refreshPlannerStatistics(getDb(), 1_000_000)).toBe(true);
    expect(await estimatedRows('thread_folders')).toBeGreaterThanOrEqual(0);
  });

  it('analyzes once when several large imports finish at the same moment, and none of them fails', async () => {
    await getDb().execute(
      sql`update pg_class set reltuples = -1 where oid in ('messages'::regclass, 'thread_folders'::regclass)`,
    );
    // Six syncs end their imports while another still holds the turn, so all six are queued at once.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtext('mailroom:refresh-planner-statistics'))`);
      const burst = Promise.all(Array.from({ length: 6 }, () => refreshPlannerStatistics(getDb(), 50_000)));
      await expect
        .poll(async () => {
          const { rows } = await holder.query<{ n: number }>(
            `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
          );
          return rows[0]?.n;
        })
        .toBe(6);
      await holder.query('commit');
      expect((await burst).filter(Boolean)).toHaveLength(1);
    } finally {
      await holder.end();
    }
    expect(await estimatedRows('thread_folders')).toBeGreaterThanOrEqual(0);
  });
});
