import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import { getTaskForActor, taskUserOf } from '../access/task-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';
import { linkedMessageIds } from '../work/message-links';
import { attachMessages, loadTaskSources } from './attach-messages';
import type { Locale } from '../i18n/locales';
import { withMessageReferences } from './message-reference';
import { linkTaskMessagesSchema } from './task-schema';

/**
 * Links e-mails the actor may read to a task they may edit, and refers to each newly linked one in the
 * description. Linking an e-mail that is already linked changes nothing, so a repeated request is harmless.
 */
export async function linkMessagesToTask(
  db: DbOrTx,
  options: { actor: Actor; taskId: string; messageIds: number[]; locale?: Locale },
): Promise<void> {
  const actor = taskUserOf(options.actor);
  const { messageIds } = parseInput(linkTaskMessagesSchema, { messageIds: options.messageIds });
  // The task first, so an id of a task the actor cannot see answers not_found whatever the messages are.
  await getTaskForActor(db, { actor, taskId: options.taskId, permission: 'edit' });
  const sources = await loadTaskSources(db, { actor, messageIds });

  await db.transaction(async (tx) => {
    // Locked for the rest of the transaction: a deletion of the task waits for these links, then sees them.
    const task = await getTaskForActor(tx, {
      actor,
      taskId: options.taskId,
      permission: 'edit',
      lock: 'no key update',
    });
    const already = new Set(await linkedMessageIds(tx, { orgId: task.orgId, kind: 'task', targetId: task.id }));
    const added = sources.filter((s) => !already.has(s.message.id));
    if (added.length === 0) return;
    await attachMessages(tx, {
      orgId: task.orgId,
      taskId: task.id,
      userId: actor.userId,
      messageIds: added.map((s) => s.message.id),
    });
    await tx
      .update(tasks)
      .set({
        description: await withMessageReferences(
          task.description,
          added.map((s) => s.quote),
          options.locale,
        ),
        updatedAt: new Date(),
      })
      .where(eq(tasks.id, task.id));
  });
}
