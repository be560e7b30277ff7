import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messageLinks } from '@/db/schema';
import { getTaskForActor, taskUserOf } from '../access/task-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { lockMessageForLink, unlinkMessage } from '../work/message-links';

/**
 * Removes one e-mail from a task the actor may edit; the e-mail stays in Mailroom (retention may purge it later,
 * now that nothing keeps it). Reading the e-mail is not required: someone may have linked it from a mailbox
 * the actor cannot open, and it is still the task's to drop. A message not linked to the task is not_found.
 */
export async function unlinkMessageFromTask(
  db: DbOrTx,
  options: { actor: Actor; taskId: string; messageId: number },
): Promise<void> {
  const actor = taskUserOf(options.actor);
  const notLinked = () =>
    new AppError('not_found', {
      message: `Message ${options.messageId} is not linked to task ${options.taskId}`,
      problem: { key: 'tasks.messageNotLinked' },
    });
  if (!Number.isSafeInteger(options.messageId) || options.messageId <= 0) throw notLinked();

  await db.transaction(async (tx) => {
    const task = await getTaskForActor(tx, {
      actor,
      taskId: options.taskId,
      permission: 'edit',
      lock: 'no key update',
    });
    if (!(await lockMessageForLink(tx, options.messageId))) throw notLinked();
    const [link] = await tx
      .select({ id: messageLinks.id })
      .from(messageLinks)
      .where(
        and(
          eq(messageLinks.orgId, task.orgId),
          eq(messageLinks.messageId, options.messageId),
          eq(messageLinks.kind, 'task'),
          eq(messageLinks.targetId, task.id),
        ),
      )
      .limit(1);
    if (!link) throw notLinked();
    await unlinkMessage(tx, { orgId: task.orgId, messageId: options.messageId, kind: 'task', targetId: task.id });
  });
}
