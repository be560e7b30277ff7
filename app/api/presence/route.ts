import { z } from 'zod';
import { getDb } from '@/db/client';
import { negotiateLocale } from '@/lib/i18n/locales';
import { recordHeartbeat } from '@/lib/presence/record-heartbeat';
import { setTimeZone } from '@/lib/users/set-time-zone';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The browser's IANA zone rides along with the beat (checked and stored by lib/users/set-time-zone.ts).
const heartbeat = z.object({ timeZone: z.string().max(64).optional() });

// A visible tab's heartbeat (components/presence/presence-heartbeat.tsx). 204 when accepted, so a throttled
// beat looks the same to the browser as a written one; an unknown zone is a 400 after the beat was counted.
export const POST = authedRoute(heartbeat, async ({ timeZone }, session, request) => {
  const actor = actorOf(session);
  const browserLocale = negotiateLocale(request.headers.get('accept-language'));
  await recordHeartbeat(getDb(), { userId: session.user.id, actor, browserLocale });
  if (timeZone !== undefined) await setTimeZone(getDb(), { userId: session.user.id, timeZone, actor });
});
