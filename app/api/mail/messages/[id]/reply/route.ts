import { z } from 'zod';
import { getDb } from '@/db/client';
import { prepareReply } from '@/lib/mail/send/prepare-reply';
import { idParam } from '@/server/params';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = z.object({ mode: z.enum(['reply', 'replyAll', 'forward']), timeZone: z.string().max(64).optional() });

export const GET = authedRoute(schema, ({ mode, timeZone }, session, _request, params) =>
  prepareReply(getDb(), { actor: actorOf(session), messageId: idParam(params), mode, timeZone }),
);
