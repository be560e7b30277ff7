import { getDb } from '@/db/client';
import { previewTaskDeletion } from '@/lib/tasks/delete-task';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(null, (_input, session, _request, params) =>
  previewTaskDeletion(getDb(), { actor: actorOf(session), taskId: params.id ?? '' }),
);
