import { z } from 'zod';
import { getDb } from '@/db/client';
import { discoverMailSettings } from '@/lib/mail/discovery/discover-mail-settings';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The connect form asks as soon as an address is typed: the servers found fill its fields, the user checks them.
export const POST = authedRoute(z.object({ email: z.string().max(320) }), ({ email }, session) =>
  discoverMailSettings(getDb(), { email, actor: actorOf(session) }),
);
