import type { DbOrTx } from '@/db/client';
import { getDb } from '@/db/client';
import { findLiveRecipients, recipientKey } from './find-live-recipients';
import type { LiveMailEvent } from './mail-event';
import { startMailEventListener, type MailEventListener } from './mail-event-listener';

export type HubSubscriber = {
  /** hashSessionId of the tab's session: events go only where that session may read now. */
  sessionHash: string;
  deliver: (events: LiveMailEvent[]) => void;
  /** Events may have been missed (no LISTEN for a while, or the access check failed): resume from the table. */
  resync: () => void;
};

/**
 * The in-process fan-out of mail events to the SSE streams of this server. Events arriving together are
 * checked together (one query per burst for every tab), and handed on in order.
 */
export class MailEventHub {
  private readonly subscribers = new Set<HubSubscriber>();
  private pending: LiveMailEvent[] = [];
  private running = false;
  private markListening = () => {};
  private readonly listening = new Promise<void>((resolve) => {
    this.markListening = resolve;
  });

  constructor(
    private readonly db: DbOrTx,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  subscribe(subscriber: HubSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  publish(event: LiveMailEvent): void {
    if (this.subscribers.size === 0) return;
    this.pending.push(event);
    if (!this.running) {
      this.running = true;
      // Notifications of one commit arrive in one read from the socket: let them all queue before checking.
      setImmediate(() => void this.drain());
    }
  }

  /** Resolves once the LISTEN connection first listens (tests wait for it before writing). */
  whenListening(): Promise<void> {
    return this.listening;
  }

  /** The LISTEN connection (re)started: what was sent meanwhile is only in the table. */
  resync(): void {
    this.markListening();
    for (const subscriber of this.subscribers) subscriber.resync();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const events = this.pending;
      this.pending = [];
      const subscribers = [...this.subscribers];
      if (subscribers.length === 0) continue;
      try {
        const allowed = await findLiveRecipients(this.db, {
          mailboxIds: [...new Set(events.map((e) => e.mailboxId))],
          sessionHashes: [...new Set(subscribers.map((s) => s.sessionHash))],
        });
        for (const subscriber of subscribers) {
          const mine = events.filter((e) => allowed.has(recipientKey(e.mailboxId, subscriber.sessionHash)));
          if (mine.length > 0 && this.subscribers.has(subscriber)) subscriber.deliver(mine);
        }
      } catch (error) {
        // Nothing is sent unchecked; each stream replays from the table (with its own check) instead.
        this.onError(error);
        for (const subscriber of subscribers) subscriber.resync();
      }
    }
    this.running = false;
  }
}

type LiveState = { hub: MailEventHub; listener: MailEventListener };
// One per process, kept on globalThis so that Next.js dev reloads do not open a second LISTEN connection.
const globalForLive = globalThis as unknown as { mailroomLive?: LiveState };

function logError(error: unknown): void {
  process.stderr.write(`[live-events] ${error instanceof Error ? error.message : String(error)}\n`);
}

/** This process's hub, its LISTEN connection started on first use (only web processes with open tabs need it). */
export function getMailEventHub(): MailEventHub {
  if (!globalForLive.mailroomLive) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    const hub = new MailEventHub(getDb(), logError);
    const listener = startMailEventListener({
      connectionString,
      onEvent: (event) => hub.publish(event),
      onListening: () => hub.resync(),
      onError: logError,
    });
    globalForLive.mailroomLive = { hub, listener };
  }
  return globalForLive.mailroomLive.hub;
}

/** Stops the LISTEN connection (tests, shutdown). */
export async function stopMailEventHub(): Promise<void> {
  const state = globalForLive.mailroomLive;
  globalForLive.mailroomLive = undefined;
  await state?.listener.stop();
}
