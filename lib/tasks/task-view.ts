import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, type Task, type TaskStatus } from '@/db/schema';
import { canDeleteTask, canEditTask, type TaskUser } from '../access/task-access';

export type TaskPerson = { id: string; name: string };

/** A task as pages and the API show it: plain JSON (ISO instants), with what the viewer may do with it. */
export type TaskView = {
  id: string;
  title: string;
  description: string;
  status: TaskStatus;
  deadline: string | null;
  createdAt: string;
  updatedAt: string;
  // Null once the account was removed.
  creator: TaskPerson | null;
  responsible: TaskPerson | null;
  canEdit: boolean;
  canDelete: boolean;
};

export async function toTaskView(db: DbOrTx, task: Task, viewer: TaskUser): Promise<TaskView> {
  const ids = [...new Set([task.creatorUserId, task.responsibleUserId].filter((id): id is string => id !== null))];
  const people =
    ids.length > 0 ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)) : [];
  const person = (id: string | null) => people.find((p) => p.id === id) ?? null;
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    status: task.status,
    deadline: task.deadline?.toISOString() ?? null,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    creator: person(task.creatorUserId),
    responsible: person(task.responsibleUserId),
    canEdit: canEditTask(viewer, task),
    canDelete: canDeleteTask(viewer, task),
  };
}
