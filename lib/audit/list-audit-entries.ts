import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { invalidCursor, isCursorTimestamp, timestampPosition } from '../list-cursor';
import { daySchema, parseInput } from '../validation';
import { auditActions, auditGroups, type AuditAction } from './audit-actions';
import { type AuditDescription, describeAuditEntry } from './describe-audit-entry';

// A real day of the years 1900–9999: `0000-01-01` or `2024-02-30` would fail in the query or in Date (a 500).
const day = daySchema('field.dayFormat');
const blank = (v: unknown) => (v === '' ? undefined : v);

// Dates are whole UTC days, both ends included.
export const auditFiltersSchema = z.object({
  group: z.preprocess(blank, z.enum(auditGroups).optional()),
  action: z.preprocess(blank, z.enum(Object.keys(auditActions) as [AuditAction, ...AuditAction[]]).optional()),
  actorUserId: z.preprocess(blank, z.uuid().optional()),
  mailboxId: z.preprocess(blank, z.uuid().optional()),
  from: z.preprocess(blank, day.optional()),
  to: z.preprocess(blank, day.optional()),
});

export type AuditFilters = z.output<typeof auditFiltersSchema>;
export type AuditRow = {
  id: number;
  createdAt: Date;
  action: string;
  actorKind: string;
  actorName: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  /** Worded by the reader's language (auditWording): the page's, or the CSV export's. */
  description: AuditDescription;
};

const PAGE = 50;

function conditions(orgId: string, f: AuditFilters): SQL[] {
  const where: SQL[] = [eq(auditLog.orgId, orgId)];
  if (f.group)
    where.push(
      inArray(
        auditLog.action,
        Object.entries(auditActions)
          .filter(([, g]) => g === f.group)
          .map(([a]) => a),
      ),
    );
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.actorUserId) where.push(eq(auditLog.actorUserId, f.actorUserId));
  if (f.mailboxId)
    where.push(
      or(
        and(eq(auditLog.targetType, 'mailbox'), eq(auditLog.targetId, f.mailboxId)),
        sql`${auditLog.data}->>'mailboxId' = ${f.mailboxId}`,
      )!,
    );
  // Midnights in UTC computed by PostgreSQL: the day after 9999-12-31 is past what a JS Date can print for it.
  if (f.from) where.push(gte(auditLog.createdAt, sql`${f.from}::date::timestamp at time zone 'UTC'`));
  if (f.to) where.push(lt(auditLog.createdAt, sql`(${f.to}::date + 1)::timestamp at time zone 'UTC'`));
  return where;
}

// The position is the timestamp as text at full precision (a JS Date would cut the microseconds): in UTC as
// timestampPosition writes it, or as PostgreSQL printed it in cursors handed out before. The client sends it
// back, so anything PostgreSQL would not cast is refused here rather than failing in the query.
function decodeCursor(cursor: string | undefined): { createdAt: string; id: number } | null {
  if (!cursor) return null;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof createdAt === 'string' && isCursorTimestamp(createdAt) && Number.isSafeInteger(id))
      return { createdAt, id: id as number };
  } catch {
    // Falls through to the error below.
  }
  throw invalidCursor();
}

/**
 * One page of the organization's audit log, newest first, for admins. Keyset-paged on (created_at, id) along
 * the (org, created_at desc, id desc) index, so the thousandth page costs what the first does.
 */
export async function listAuditEntries(
  db: DbOrTx,
  options: { actor: Actor; orgId: string; filters?: Record<string, unknown>; cursor?: string; limit?: number },
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  assertOrgAdmin(options.actor, options.orgId);
  const filters = parseInput(auditFiltersSchema, options.filters ?? {});
  const limit = Math.min(options.limit ?? PAGE, 1000);
  const after = decodeCursor(options.cursor);
  const where = conditions(options.orgId, filters);
  if (after) where.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after.createdAt}::timestamptz, ${after.id})`);
  const rows = await db
    .select({
      entry: auditLog,
      position: timestampPosition(auditLog.createdAt),
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(({ entry, actorName, actorEmail }) => ({
    id: entry.id,
    createdAt: entry.createdAt,
    action: entry.action,
    actorKind: entry.actorKind,
    actorName,
    actorEmail,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: entry.data,
    description: describeAuditEntry({ action: entry.action, actorName, actorKind: entry.actorKind, data: entry.data }),
  }));
  const last = rows[limit - 1];
  return {
    rows: page,
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([last.position, last.entry.id])).toString('base64url')
        : null,
  };
}
