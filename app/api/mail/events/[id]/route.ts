import { getDb } from '@/db/client';
import { getNewMailNotice } from '@/lib/live/get-new-mail-notice';
import { authedRoute } from '@/server/route';
import { idParam } from '@/server/params';
import { actorOf } from '@/server/session';

// What the browser notification of a 'new' event says (components/mail/live/use-live-mail.ts); null for none.
export const GET = authedRoute(null, async (_input, session, _request, params) => ({
  notice: await getNewMailNotice(getDb(), { actor: actorOf(session), eventId: idParam(params) }),
}));
