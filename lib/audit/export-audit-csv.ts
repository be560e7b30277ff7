import type { DbOrTx } from '@/db/client';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { loadCatalogue } from '../i18n/catalogue';
import { defaultLocale, type Locale } from '../i18n/locales';
import { CSV_BOM, csvRow } from './audit-csv';
import { listAuditEntries } from './list-audit-entries';
import { auditWording } from './word-audit-entry';

const BATCH = 1000;

/**
 * The whole filtered audit log as CSV, produced in keyset batches so memory stays flat however long the log.
 * Authorization and filter validation happen before the first chunk, so a refusal is an error, not a file.
 * Column names, descriptions and unnamed actors are in `locale` (the admin's language); the action, ids and
 * details stay as recorded, for whoever processes the file.
 */
export async function exportAuditCsv(
  db: DbOrTx,
  options: { actor: Actor; orgId: string; filters?: Record<string, unknown>; locale?: Locale },
): Promise<AsyncGenerator<string>> {
  assertOrgAdmin(options.actor, options.orgId);
  const locale = options.locale ?? defaultLocale;
  const first = await listAuditEntries(db, { ...options, limit: BATCH });
  const wording = auditWording(locale, await loadCatalogue(locale));
  const header = [
    wording.word('audit.csv.time'),
    wording.word('audit.csv.actor'),
    wording.word('audit.csv.actorEmail'),
    wording.word('audit.csv.action'),
    wording.word('audit.csv.description'),
    wording.word('audit.csv.targetType'),
    wording.word('audit.csv.targetId'),
    wording.word('audit.csv.details'),
  ];
  async function* chunks(): AsyncGenerator<string> {
    yield CSV_BOM + csvRow(header);
    let page = first;
    for (;;) {
      yield page.rows
        .map((r) =>
          csvRow([
            r.createdAt.toISOString(),
            r.actorName ?? wording.actor(r.actorKind),
            r.actorEmail,
            r.action,
            wording.describe(r.description),
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
