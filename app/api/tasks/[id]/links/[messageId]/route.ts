import { getDb } from '@/db/client';
import { unlinkMessageFromTask } from '@/lib/tasks/unlink-message-from-task';
import { idParam } from '@/server/params';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const DELETE = authedRoute(null, (_input, session, _request, params) =>
  unlinkMessageFromTask(getDb(), {
    actor: actorOf(session),
    taskId: params.id ?? '',
    messageId: idParam(params, 'messageId'),
  }),
);
