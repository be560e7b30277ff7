import { getDb } from '@/db/client';
import { deleteTask } from '@/lib/tasks/delete-task';
import { getTask } from '@/lib/tasks/get-task';
import { updateTaskSchema } from '@/lib/tasks/task-schema';
import { updateTask } from '@/lib/tasks/update-task';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(null, (_input, session, _request, params) =>
  getTask(getDb(), { actor: actorOf(session), taskId: params.id ?? '' }),
);

export const PATCH = authedRoute(updateTaskSchema, (input, session, _request, params) =>
  updateTask(getDb(), { actor: actorOf(session), taskId: params.id ?? '', input }),
);

// Deletes the task and, in Mailroom only, the e-mails linked to nothing else.
export const DELETE = authedRoute(null, (_input, session, _request, params) =>
  deleteTask(getDb(), { actor: actorOf(session), taskId: params.id ?? '' }),
);
