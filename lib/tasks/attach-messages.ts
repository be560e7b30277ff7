import type { DbOrTx } from '@/db/client';
import type { TaskUser } from '../access/task-access';
import { AppError } from '../errors';
import { linkMessage, lockMessageForLink } from '../work/message-links';
import { loadMessageSource, type MessageSource } from '../work/message-source';

/** The messages work is being made from, each one the actor may read (unknown and unreadable ones are not_found). */
export async function loadTaskSources(
  db: DbOrTx,
  options: { actor: TaskUser; messageIds: number[] },
): Promise<MessageSource[]> {
  const sources: MessageSource[] = [];
  for (const messageId of options.messageIds)
    sources.push(await loadMessageSource(db, { actor: options.actor, messageId }));
  return sources;
}

/**
 * Links messages to a task inside the caller's transaction. Each message row is locked first (in id order, so
 * two requests over the same messages cannot deadlock): a purge or a task deletion running at the same moment
 * either sees the link or has already removed the message, and then nothing of this request remains.
 */
export async function attachMessages(
  tx: DbOrTx,
  options: { orgId: string; taskId: string; userId: string; messageIds: number[] },
): Promise<void> {
  const ids = [...new Set(options.messageIds)].sort((a, b) => a - b);
  for (const messageId of ids) {
    if (!(await lockMessageForLink(tx, messageId))) {
      throw new AppError('not_found', {
        message: `Message ${messageId} vanished before it was linked`,
        problem: { key: 'mail.messageGone' },
      });
    }
  }
  for (const messageId of ids)
    await linkMessage(tx, {
      orgId: options.orgId,
      messageId,
      kind: 'task',
      targetId: options.taskId,
      userId: options.userId,
    });
}
