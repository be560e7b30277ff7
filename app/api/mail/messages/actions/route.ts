import { getDb } from '@/db/client';
import { applyMessageAction, messageActionSchema } from '@/lib/mail/actions/apply-message-action';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const POST = authedRoute(messageActionSchema, (action, session) =>
  applyMessageAction(getDb(), { actor: actorOf(session), action }),
);
