import type { DbOrTx } from '@/db/client';
import type { Actor } from '../access/actor';
import { hashSessionId, resolveSession } from '../auth/sessions';
import type { LiveMailEvent } from './mail-event';
import type { MailEventHub } from './mail-event-hub';
import { latestMailEventId, replayMailEvents } from './replay-mail-events';

export const HEARTBEAT_MS = 25_000;
// Ids already sent, so that a replay overlapping the live feed sends nothing twice. Bounded: a long-lived tab.
const SENT_MEMORY = 2_000;

/** The Last-Event-ID a browser sent (or `?after=`), or null for a fresh start. */
export function parseLastEventId(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

/**
 * The server-sent event stream of one signed-in tab. Events come from the hub, already checked against this
 * session's access; a reconnect (Last-Event-ID) first replays what was missed from mail_events, or tells the page
 * to refetch (`event: refetch`) when that is no longer kept. The `id:` sent is the highest event id so far, so
 * the browser always resumes after everything it has seen. A comment every 25 s keeps proxies from closing an
 * idle stream, and re-checks the session: a signed-out tab's stream ends.
 */
export function openMailEventStream(
  db: DbOrTx,
  options: {
    actor: Extract<Actor, { kind: 'user' }>;
    sessionId: string;
    lastEventId: number | null;
    hub: MailEventHub;
    signal?: AbortSignal;
    heartbeatMs?: number;
  },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sent = new Set<number>();
  let cursor = 0;
  let closed = false;
  let replaying = false;
  let replayAgain = false;
  let queued: LiveMailEvent[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    options.signal?.removeEventListener('abort', close);
    try {
      controller.close();
    } catch {
      // Already closed by the client going away.
    }
  };
  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const send = (events: LiveMailEvent[]) => {
    let text = '';
    for (const event of events) {
      if (sent.has(event.id)) continue;
      sent.add(event.id);
      if (sent.size > SENT_MEMORY) sent.delete(sent.values().next().value as number);
      cursor = Math.max(cursor, event.id);
      const { id, mailboxId, folderId, kind } = event;
      text += `id: ${cursor}\ndata: ${JSON.stringify({ id, mailboxId, folderId, kind })}\n\n`;
    }
    if (text) write(text);
  };
  const deliver = (events: LiveMailEvent[]) => {
    if (replaying) queued.push(...events);
    else send(events);
  };

  // Replays from the cursor, with live events held back meanwhile so that the order stays by id.
  const replay = async (after: number | null) => {
    if (replaying) {
      replayAgain = true;
      return;
    }
    replaying = true;
    try {
      do {
        replayAgain = false;
        if (after === null) {
          cursor = Math.max(cursor, await latestMailEventId(db));
          write(`id: ${cursor}\nevent: ready\ndata: {}\n\n`);
        } else {
          const result = await replayMailEvents(db, { actor: options.actor, after });
          if (result.kind === 'events') send(result.events);
          else {
            cursor = Math.max(cursor, result.latestId);
            write(`id: ${cursor}\nevent: refetch\ndata: {}\n\n`);
          }
        }
        after = cursor;
      } while (replayAgain && !closed);
    } catch {
      // The database is unreachable: the page refetches once the stream is back.
      close();
    } finally {
      replaying = false;
      const held = queued;
      queued = [];
      send(held.sort((a, b) => a.id - b.id));
    }
  };

  const checkSession = async () => {
    const session = await resolveSession(db, { sessionId: options.sessionId }).catch(() => null);
    if (!session || session.user.id !== options.actor.userId) close();
  };

  return new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      if (options.signal?.aborted) return close();
      options.signal?.addEventListener('abort', close);
      // The browser waits this long before reconnecting after the stream ends.
      write('retry: 3000\n\n');
      unsubscribe = options.hub.subscribe({
        sessionHash: hashSessionId(options.sessionId),
        deliver,
        resync: () => void replay(cursor),
      });
      heartbeat = setInterval(() => {
        write(': ping\n\n');
        void checkSession();
      }, options.heartbeatMs ?? HEARTBEAT_MS);
      void replay(options.lastEventId);
    },
    cancel() {
      close();
    },
  });
}
