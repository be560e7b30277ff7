import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messages, tasks } from '@/db/schema';
import { getTaskForActor, taskUserOf } from '../access/task-access';
import type { Actor } from '../access/actor';
import { linkedMessageIds, unlinkTarget } from '../work/message-links';

// E-mails linked to this task and to nothing else — no other task, no CRM record, event, chat or post.
const linkedOnlyTo = (orgId: string, taskId: string) => sql`
  select l.message_id from message_links l
  where l.org_id = ${orgId} and l.kind = 'task' and l.target_id = ${taskId}
    and not exists (select 1 from message_links o where o.message_id = l.message_id and o.id <> l.id)`;

/** For the confirmation: how many e-mails leave Mailroom if the task is deleted now. */
export async function previewTaskDeletion(
  db: DbOrTx,
  options: { actor: Actor; taskId: string },
): Promise<{ messages: number }> {
  const task = await getTaskForActor(db, {
    actor: taskUserOf(options.actor),
    taskId: options.taskId,
    permission: 'delete',
  });
  const result = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from (${linkedOnlyTo(task.orgId, task.id)}) only_this`,
  );
  return { messages: result.rows[0]?.n ?? 0 };
}

/**
 * Deletes a task (its creator or an admin) and the local copies of the e-mails linked only to it: in Mailroom
 * only, never on the mail server, where the originals stay. Bodies and attachment rows go with each message
 * (foreign keys cascade). The messages are locked before the task's links go, and the delete re-checks on
 * each row that nothing links it any more: an e-mail linked to other work meanwhile waits for our lock,
 * or is seen as linked and kept.
 */
export async function deleteTask(
  db: DbOrTx,
  options: { actor: Actor; taskId: string },
): Promise<{ deletedMessages: number }> {
  const actor = taskUserOf(options.actor);
  return db.transaction(async (tx) => {
    // `for update` waits for, and then blocks, anyone linking e-mails to this task (they lock it too).
    const task = await getTaskForActor(tx, { actor, taskId: options.taskId, permission: 'delete', lock: 'update' });
    const candidates = await linkedMessageIds(tx, { orgId: task.orgId, kind: 'task', targetId: task.id });
    if (candidates.length > 0) {
      await tx
        .select({ id: messages.id })
        .from(messages)
        .where(inArray(messages.id, candidates))
        .orderBy(messages.id)
        .for('update');
    }
    await unlinkTarget(tx, { orgId: task.orgId, kind: 'task', targetId: task.id });
    const deleted =
      candidates.length === 0
        ? []
        : await tx
            .delete(messages)
            .where(
              and(
                eq(messages.orgId, task.orgId),
                inArray(messages.id, candidates),
                sql`cardinality(${messages.linkKinds}) = 0`,
                sql`not exists (select 1 from message_links l where l.message_id = ${messages.id})`,
              ),
            )
            .returning({ id: messages.id });
    await tx.delete(tasks).where(eq(tasks.id, task.id));
    return { deletedMessages: deleted.length };
  });
}
