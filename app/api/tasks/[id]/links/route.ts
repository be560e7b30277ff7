import { getDb } from '@/db/client';
import { linkMessagesToTask } from '@/lib/tasks/link-messages-to-task';
import { linkTaskMessagesSchema } from '@/lib/tasks/task-schema';
import { requestLocale } from '@/server/request-locale';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const POST = authedRoute(linkTaskMessagesSchema, async ({ messageIds }, session, _request, params) =>
  linkMessagesToTask(getDb(), {
    actor: actorOf(session),
    taskId: params.id ?? '',
    messageIds,
    locale: await requestLocale(),
  }),
);
