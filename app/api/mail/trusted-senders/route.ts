import { z } from 'zod';
import { getDb } from '@/db/client';
import { trustImageSender } from '@/lib/mail/webmail/trust-image-sender';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const POST = authedRoute(z.object({ address: z.string().max(320) }), ({ address }, session) =>
  trustImageSender(getDb(), { actor: actorOf(session), address }),
);
