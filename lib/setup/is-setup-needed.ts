import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/** The first visit shows the setup page until the instance has a user. */
export async function isSetupNeeded(db: DbOrTx): Promise<boolean> {
  const result = await db.execute<{ exists: boolean }>(sql`select exists (select 1 from users) as exists`);
  return !result.rows[0]?.exists;
}
