import { z } from 'zod';
import { getDb } from '@/db/client';
import { ANSWERS } from '@/lib/calendar/invitation/load-invitation';
import { replyToInvitation } from '@/lib/calendar/invitation/reply-to-invitation';
import { idParam } from '@/server/params';
import { requestLocale } from '@/server/request-locale';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = z.object({ answer: z.enum(ANSWERS) });

// Accept / Maybe / Decline: an iMIP REPLY to the organizer from the mailbox (needs the send right).
export const POST = authedRoute(schema, async ({ answer }, session, _request, params) =>
  replyToInvitation(getDb(), {
    actor: actorOf(session),
    messageId: idParam(params),
    answer,
    locale: await requestLocale(),
  }),
);
