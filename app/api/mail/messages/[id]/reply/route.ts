import { z } from 'zod';
import { getDb } from '@/db/client';
import { prepareReply } from '@/lib/mail/send/prepare-reply';
import { idParam } from '@/server/params';
import { requestLocale } from '@/server/request-locale';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = z.object({ mode: z.enum(['reply', 'replyAll', 'forward']), timeZone: z.string().max(64).optional() });

// The quote's headers are in the replying user's language (the one this request negotiated).
export const GET = authedRoute(schema, async ({ mode, timeZone }, session, _request, params) =>
  prepareReply(getDb(), {
    actor: actorOf(session),
    messageId: idParam(params),
    mode,
    timeZone,
    locale: await requestLocale(),
  }),
);
