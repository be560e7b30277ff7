import { bigint, index, jsonb, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { users } from './users';

export const auditActorKind = pgEnum('audit_actor_kind', ['user', 'cli', 'system', 'cron']);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    actorKind: auditActorKind().notNull(),
    // Kept when the user is deleted: the trail must outlive the actor.
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAtColumn(),
  },
  (t) => [index('audit_log_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc())],
);

export type AuditEntry = typeof auditLog.$inferSelect;
export type AuditActorKind = (typeof auditActorKind.enumValues)[number];
