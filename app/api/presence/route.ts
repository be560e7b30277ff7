import { getDb } from '@/db/client';
import { recordHeartbeat } from '@/lib/presence/record-heartbeat';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// A visible tab's heartbeat (components/presence/presence-heartbeat.tsx). No body; 204 either way, so a
// throttled beat looks the same to the browser as a written one.
export const POST = authedRoute(null, async (_input, session) => {
  await recordHeartbeat(getDb(), { userId: session.user.id, actor: actorOf(session) });
});
