import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { users } from './users';

export const taskStatus = pgEnum('task_status', ['open', 'in_progress', 'done']);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    title: text().notNull(),
    description: text().notNull().default(''),
    status: taskStatus().notNull().default('open'),
    creatorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    responsibleUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    deadline: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tasks_org_created_idx').on(t.orgId, t.createdAt.desc()),
    index('tasks_responsible_idx').on(t.responsibleUserId),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type TaskStatus = (typeof taskStatus.enumValues)[number];
