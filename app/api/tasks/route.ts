import { getDb } from '@/db/client';
import { createTask } from '@/lib/tasks/create-task';
import { findTasks } from '@/lib/tasks/find-tasks';
import { createTaskSchema, findTasksSchema } from '@/lib/tasks/task-schema';
import { requestLocale } from '@/server/request-locale';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The lib parses again (its schemas are idempotent); the route's parse turns bad input into a 400 early.
export const GET = authedRoute(findTasksSchema, (filters, session) =>
  findTasks(getDb(), { actor: actorOf(session), filters }),
);

export const POST = authedRoute(createTaskSchema, async (input, session) =>
  createTask(getDb(), { actor: actorOf(session), input, locale: await requestLocale() }),
);
