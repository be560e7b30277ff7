import { sql } from 'drizzle-orm';
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
});
