import { getDb } from '@/db/client';
import { getMessage } from '@/lib/mail/webmail/get-message';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';
import { idParam } from '@/server/params';

export const GET = authedRoute(null, (_input, session, _request, params) =>
  getMessage(getDb(), { actor: actorOf(session), messageId: idParam(params) }),
);
