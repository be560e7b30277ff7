import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { isAppError } from '@/lib/errors';
import { getTask, type TaskDetail } from '@/lib/tasks/get-task';
import { actorOf } from '@/server/session';

/** The task for its page; one the user may not see is this app's 404 page, as an unknown id is. */
export async function loadTaskOr404(session: ResolvedSession, taskId: string): Promise<TaskDetail> {
  try {
    return await getTask(getDb(), { actor: actorOf(session), taskId });
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}
