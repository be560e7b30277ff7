import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import { taskUserOf } from '../access/task-access';
import type { Actor } from '../access/actor';
import type { Locale } from '../i18n/locales';
import { parseInput } from '../validation';
import { assertResponsibleColleague } from './assert-responsible';
import { attachMessages, loadTaskSources } from './attach-messages';
import { withMessageReferences } from './message-reference';
import { createTaskSchema, type CreateTaskInput } from './task-schema';

/**
 * A new task, responsible by default its creator. Made from e-mails, each must be one the actor may read; the
 * description refers to each, and the task and its links are written in one transaction, so there is never a
 * task that claims e-mails it is not linked to, nor a link to a task that was not created.
 */
export async function createTask(
  db: DbOrTx,
  options: { actor: Actor; input: CreateTaskInput; locale?: Locale },
): Promise<{ id: string }> {
  const actor = taskUserOf(options.actor);
  const input = parseInput(createTaskSchema, options.input);
  const messageIds = input.messageIds ?? [];
  // Checked before the transaction: a message the actor may not read locks nothing.
  const sources = await loadTaskSources(db, { actor, messageIds });
  const responsibleUserId = input.responsibleUserId ?? actor.userId;
  if (responsibleUserId !== actor.userId)
    await assertResponsibleColleague(db, { orgId: actor.orgId, userId: responsibleUserId });

  const description = await withMessageReferences(
    input.description ?? '',
    sources.map((s) => s.quote),
    options.locale,
  );
  return db.transaction(async (tx) => {
    const [task] = await tx
      .insert(tasks)
      .values({
        orgId: actor.orgId,
        title: input.title,
        description,
        creatorUserId: actor.userId,
        responsibleUserId,
        deadline: input.deadline ? new Date(input.deadline) : null,
      })
      .returning({ id: tasks.id });
    await attachMessages(tx, { orgId: actor.orgId, taskId: task!.id, userId: actor.userId, messageIds });
    return { id: task!.id };
  });
}
