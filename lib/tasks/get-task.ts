import { and, desc, eq, not } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messageLinks, messages } from '@/db/schema';
import { getTaskForActor, taskUserOf } from '../access/task-access';
import type { Actor } from '../access/actor';
import { openableMessageHrefs } from '../work/openable-messages';
import { toTaskView, type TaskView } from './task-view';

export type TaskLinkedMessage = {
  id: number;
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
  receivedAt: string;
  mailboxId: string;
  folderId: number;
  // Whether this viewer may read the message's mailbox, and then where the webmail opens it.
  canOpen: boolean;
  href: string | null;
};

export type TaskDetail = TaskView & { messages: TaskLinkedMessage[] };

/**
 * A task for its page, with the e-mails linked to it, newest first. E-mails hidden from the webmail or already
 * gone are left out. Everyone who sees the task sees what it is linked to (its description names the same
 * e-mails); opening one still needs read access to its mailbox.
 */
export async function getTask(db: DbOrTx, options: { actor: Actor; taskId: string }): Promise<TaskDetail> {
  const actor = taskUserOf(options.actor);
  const task = await getTaskForActor(db, { actor, taskId: options.taskId, permission: 'view' });
  const linked = await db
    .select({
      id: messages.id,
      subject: messages.subject,
      fromName: messages.fromName,
      fromAddress: messages.fromAddress,
      receivedAt: messages.receivedAt,
      mailboxId: messages.mailboxId,
      folderId: messages.folderId,
    })
    .from(messageLinks)
    .innerJoin(messages, eq(messages.id, messageLinks.messageId))
    .where(
      and(
        eq(messageLinks.orgId, task.orgId),
        eq(messageLinks.kind, 'task'),
        eq(messageLinks.targetId, task.id),
        eq(messages.orgId, task.orgId),
        not(messages.hiddenFromWebmail),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id));
  const hrefs = await openableMessageHrefs(db, { actor, messageIds: linked.map((m) => m.id) });
  return {
    ...(await toTaskView(db, task, actor)),
    messages: linked.map((m) => ({
      ...m,
      receivedAt: m.receivedAt.toISOString(),
      canOpen: hrefs.has(m.id),
      href: hrefs.get(m.id) ?? null,
    })),
  };
}
