import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import { getTaskForActor, taskUserOf } from '../access/task-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';
import { assertResponsibleColleague } from './assert-responsible';
import { updateTaskSchema, type UpdateTaskInput } from './task-schema';
import { toTaskView, type TaskView } from './task-view';

/**
 * Changes a task (its creator, its responsible or an admin); fields left out keep their value. The view is
 * built from the updated row rather than read again: a responsible who hands the task to a colleague no
 * longer sees it, and their change still succeeded (canEdit is then false).
 */
export async function updateTask(
  db: DbOrTx,
  options: { actor: Actor; taskId: string; input: UpdateTaskInput },
): Promise<TaskView> {
  const actor = taskUserOf(options.actor);
  const input = parseInput(updateTaskSchema, options.input);
  return db.transaction(async (tx) => {
    const task = await getTaskForActor(tx, {
      actor,
      taskId: options.taskId,
      permission: 'edit',
      lock: 'no key update',
    });
    if (input.responsibleUserId !== undefined && input.responsibleUserId !== task.responsibleUserId) {
      await assertResponsibleColleague(tx, { orgId: task.orgId, userId: input.responsibleUserId });
    }
    const [updated] = await tx
      .update(tasks)
      .set({
        title: input.title,
        description: input.description,
        status: input.status,
        responsibleUserId: input.responsibleUserId,
        deadline: input.deadline === undefined ? undefined : input.deadline === null ? null : new Date(input.deadline),
        updatedAt: new Date(),
      })
      .where(eq(tasks.id, task.id))
      .returning();
    return toTaskView(tx, updated!, actor);
  });
}
