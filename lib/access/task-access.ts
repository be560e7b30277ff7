import { and, eq, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks, type Task } from '@/db/schema';
import { AppError } from '../errors';
import type { Actor } from './actor';

export type TaskUser = Extract<Actor, { kind: 'user' }>;
type TaskPermission = 'view' | 'edit' | 'delete';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tasks are people's work: only a signed-in user creates, reads or changes one. */
export function taskUserOf(actor: Actor): TaskUser {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', { message: `Task operations need a user, not ${actor.kind}` });
  return actor;
}

/** Tasks a user sees: those they created or are responsible for; admins see every task of their organization. */
export function taskVisibleTo(actor: TaskUser): SQL {
  if (actor.role === 'admin') return eq(tasks.orgId, actor.orgId);
  return and(
    eq(tasks.orgId, actor.orgId),
    or(eq(tasks.creatorUserId, actor.userId), eq(tasks.responsibleUserId, actor.userId)),
  )!;
}

// Everyone who sees a task may edit it (creator, responsible, admin); deleting it — which also deletes mail
// linked only to it — is for its creator and admins.
export function canEditTask(
  actor: TaskUser,
  task: Pick<Task, 'orgId' | 'creatorUserId' | 'responsibleUserId'>,
): boolean {
  if (task.orgId !== actor.orgId) return false;
  return actor.role === 'admin' || task.creatorUserId === actor.userId || task.responsibleUserId === actor.userId;
}

export function canDeleteTask(actor: TaskUser, task: Pick<Task, 'orgId' | 'creatorUserId'>): boolean {
  return task.orgId === actor.orgId && (actor.role === 'admin' || task.creatorUserId === actor.userId);
}

/**
 * A task the actor may `view`, `edit` or `delete`. Unknown ids, tasks of other organizations and tasks the
 * actor may not see are not_found alike, so task ids cannot be probed; someone who sees the task but may not
 * delete it is told so. `lock` takes a row lock until the transaction ends: writers that link mail take
 * `no key update`, deletion takes `update`, so a link and a deletion of the same task run one after the other.
 */
export async function getTaskForActor(
  db: DbOrTx,
  options: { actor: Actor; taskId: string; permission: TaskPermission; lock?: 'update' | 'no key update' },
): Promise<Task> {
  const actor = taskUserOf(options.actor);
  const notFound = () =>
    new AppError('not_found', {
      message: `Task ${options.taskId} not visible to ${actor.userId}`,
      problem: { key: 'tasks.notFound' },
    });
  if (!uuidPattern.test(options.taskId)) throw notFound();
  const query = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, options.taskId), taskVisibleTo(actor)))
    .limit(1);
  const [task] = options.lock ? await query.for(options.lock) : await query;
  if (!task) throw notFound();
  if (options.permission === 'delete' && !canDeleteTask(actor, task)) {
    throw new AppError('forbidden', {
      message: `User ${actor.userId} may not delete task ${task.id}`,
      problem: { key: 'tasks.deleteNotAllowed' },
    });
  }
  return task;
}
