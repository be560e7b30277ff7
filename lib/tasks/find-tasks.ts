import { and, desc, eq, ilike, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { tasks, users, type TaskStatus } from '@/db/schema';
import { taskUserOf, taskVisibleTo } from '../access/task-access';
import type { Actor } from '../access/actor';
import { containsPattern, decodeListCursor, encodeListCursor, timestampPosition } from '../list-cursor';
import { parseInput } from '../validation';
import { findTasksSchema, type FindTasksInput } from './task-schema';
import type { TaskPerson } from './task-view';

export type TaskListItem = {
  id: string;
  title: string;
  status: TaskStatus;
  deadline: string | null;
  createdAt: string;
  responsible: TaskPerson | null;
  // E-mails linked to the task that the webmail still shows.
  linkedMessages: number;
};

export type TaskPage = { items: TaskListItem[]; nextCursor: string | null };

const PAGE_SIZE = 50;
const responsible = alias(users, 'responsible');

/** The tasks the actor may see, newest first: optionally of one status, only theirs, or with words in the title. */
export async function findTasks(db: DbOrTx, options: { actor: Actor; filters?: FindTasksInput }): Promise<TaskPage> {
  const actor = taskUserOf(options.actor);
  const filters = parseInput(findTasksSchema, options.filters ?? {});
  const cursor = decodeListCursor(filters.cursor, 'timestamp');
  const rows = await db
    .select({
      task: {
        id: tasks.id,
        title: tasks.title,
        status: tasks.status,
        deadline: tasks.deadline,
        createdAt: tasks.createdAt,
      },
      responsibleId: responsible.id,
      responsibleName: responsible.name,
      position: timestampPosition(tasks.createdAt),
      linkedMessages: sql<number>`(
        select count(*)::int from message_links l join messages m on m.id = l.message_id
        where l.org_id = ${tasks.orgId} and l.kind = 'task' and l.target_id = ${tasks.id}::text and not m.hidden_from_webmail)`,
    })
    .from(tasks)
    .leftJoin(responsible, eq(responsible.id, tasks.responsibleUserId))
    .where(
      and(
        taskVisibleTo(actor),
        filters.status ? eq(tasks.status, filters.status) : undefined,
        filters.mine ? eq(tasks.responsibleUserId, actor.userId) : undefined,
        filters.q ? ilike(tasks.title, containsPattern(filters.q)) : undefined,
        cursor ? sql`(${tasks.createdAt}, ${tasks.id}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    // NULLS LAST as in the (org, created_at desc) index, so the planner walks it instead of sorting.
    .orderBy(sql`${tasks.createdAt} desc nulls last`, desc(tasks.id))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...r.task,
      deadline: r.task.deadline?.toISOString() ?? null,
      createdAt: r.task.createdAt.toISOString(),
      responsible: r.responsibleId ? { id: r.responsibleId, name: r.responsibleName ?? '' } : null,
      linkedMessages: r.linkedMessages,
    })),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeListCursor({ key: last.position, id: last.task.id }) : null,
  };
}
