import { z } from 'zod';
import { getDb } from '@/db/client';
import { getMailEventHub } from '@/lib/live/mail-event-hub';
import { openMailEventStream, parseLastEventId } from '@/lib/live/open-mail-event-stream';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// `after`: where a page that had to open a new EventSource resumes (the browser's own reconnects send
// Last-Event-ID instead).
const schema = z.object({ after: z.string().max(20).optional() });

export const dynamic = 'force-dynamic';

// Live mail of one signed-in tab, as server-sent events (lib/live/open-mail-event-stream.ts). The session is
// resolved once here; every event is checked against it again when sent.
export const GET = authedRoute(schema, async ({ after }, session, request) => {
  const stream = openMailEventStream(getDb(), {
    actor: actorOf(session),
    sessionId: session.sessionId,
    lastEventId: parseLastEventId(request.headers.get('last-event-id')) ?? parseLastEventId(after),
    hub: getMailEventHub(),
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: Next.js's compression would otherwise hold events back in its gzip buffer.
      'Cache-Control': 'no-cache, no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
});
