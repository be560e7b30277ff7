import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/** How long events are kept for tabs that reconnect; a tab away longer refetches (replayMailEvents' gap). */
export const MAIL_EVENTS_KEPT = '1 day';
const BATCH = 10_000;

/** Deletes events older than a day, in batches so that no statement holds locks for long. */
export async function purgeMailEvents(db: DbOrTx): Promise<{ deleted: number }> {
  let deleted = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from mail_events where id in (
        select id from mail_events where created_at < now() - ${MAIL_EVENTS_KEPT}::interval limit ${BATCH})`);
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < BATCH) return { deleted };
  }
}
