import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

export type StoredKeyUse = { keyId: string; what: 'mailbox credentials' | 'two-factor secrets'; count: number };

/**
 * Which ENCRYPTION_KEY ids the database holds secrets under (the key id is the second part of every envelope,
 * v1.<key id>.…), per kind of secret. Instance-wide and for operators only (the CLI, before it would make a
 * key): it says which key the server must have, never anything of the secrets themselves.
 */
export async function findStoredKeyIds(db: DbOrTx): Promise<StoredKeyUse[]> {
  const result = await db.execute<{ key_id: string; what: StoredKeyUse['what']; count: string }>(sql`
    select split_part(credentials_ciphertext, '.', 2) as key_id, 'mailbox credentials' as what, count(*) as count
      from mailboxes group by 1
    union all
    select split_part(totp_secret, '.', 2), 'two-factor secrets', count(*)
      from users where totp_secret is not null group by 1
    order by 3 desc`);
  return result.rows.map((row) => ({ keyId: row.key_id, what: row.what, count: Number(row.count) }));
}
