import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

/**
 * Builds the full-text search vectors (subject, people, body text) of a mailbox's new messages, after the
 * import and in batches, so the import itself never waits for text analysis. 'simple' keeps every
 * language searchable (no stemming for one language at the expense of the others). Body text past 32,000
 * characters adds little to finding a message and much to the cost of indexing it.
 */
export async function indexSearchVectors(db: Db, options: { mailboxId: string; batchSize?: number }): Promise<number> {
  const batchSize = options.batchSize ?? 2_000;
  let indexed = 0;
  for (;;) {
    const result = await db.execute(sql`
      update messages m set search_vector =
        setweight(to_tsvector('simple', m.subject), 'A') ||
        setweight(to_tsvector('simple', concat_ws(' ', m.from_name, m.from_address,
          (select string_agg(concat_ws(' ', a->>'name', a->>'address'), ' ') from jsonb_array_elements(m.to_addresses || m.cc_addresses) a))), 'B') ||
        setweight(to_tsvector('simple', coalesce((select left(b.text_body, 32000) from message_bodies b where b.message_id = m.id), m.snippet)), 'C')
      where m.id in (select id from messages where mailbox_id = ${options.mailboxId} and search_vector is null limit ${batchSize})`);
    const count = result.rowCount ?? 0;
    indexed += count;
    if (count < batchSize) return indexed;
  }
}
