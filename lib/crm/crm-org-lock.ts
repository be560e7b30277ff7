import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * Serializes every CRM write made from mail in one organization (sync of any of its mailboxes, manual
 * saves) until the transaction ends: deciding "no lead yet for this conversation" and creating one must not
 * interleave with another sync doing the same for a copy or a reply of that message.
 */
export async function lockOrgCrm(tx: DbOrTx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`crm:${orgId}`}, 7271))`);
}
