import type { DbOrTx } from '@/db/client';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { CSV_BOM, csvRow } from './audit-csv';
import { listAuditEntries } from './list-audit-entries';

const BATCH = 1000;
const header = ['time (UTC)', 'actor', 'actor email', 'action', 'description', 'target type', 'target id', 'details'];

/**
 * The whole filtered audit log as CSV, produced in keyset batches so memory stays flat however long the log.
 * Authorization and filter validation happen before the first chunk, so a refusal is an error, not a file.
 */
export async function exportAuditCsv(
  db: DbOrTx,
  options: { actor: Actor; orgId: string; filters?: Record<string, unknown> },
): Promise<AsyncGenerator<string>> {
  assertOrgAdmin(options.actor, options.orgId);
  const first = await listAuditEntries(db, { ...options, limit: BATCH });
  async function* chunks(): AsyncGenerator<string> {
    yield CSV_BOM + csvRow(header);
    let page = first;
    for (;;) {
      yield page.rows
        .map((r) =>
          csvRow([
            r.createdAt.toISOString(),
            r.actorName ?? r.actorKind,
            r.actorEmail,
            r.action,
            r.description,
            r.targetType,
            r.targetId,
            JSON.stringify(r.data),
          ]),
        )
        .join('');
      if (!page.nextCursor) return;
      page = await listAuditEntries(db, { ...options, limit: BATCH, cursor: page.nextCursor });
    }
  }
  return chunks();
}
