import pg from 'pg';
import { type LiveMailEvent, MAIL_EVENTS_CHANNEL, parseMailEventPayload } from './mail-event';

export type MailEventListener = { stop: () => Promise<void> };

const PING_MS = 30_000;
const MAX_BACKOFF_MS = 15_000;

/**
 * The one LISTEN connection of a process: a dedicated client outside the pool (a pooled connection would be
 * handed to other queries and lose its LISTEN). It reconnects for ever with a growing pause; `onListening` runs
 * after every successful LISTEN, first included, because NOTIFYs sent while nobody listened are gone and the
 * streams must resume from the table. A ping every 30 s finds a connection that died without a word.
 */
export function startMailEventListener(options: {
  connectionString: string;
  onEvent: (event: LiveMailEvent) => void;
  onListening: () => void;
  onError?: (error: unknown) => void;
}): MailEventListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let backoff = 500;
  let retry: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;

  const drop = (error?: unknown) => {
    if (error) options.onError?.(error);
    const dead = client;
    client = null;
    clearInterval(ping);
    dead?.removeAllListeners();
    dead?.on('error', () => {});
    void dead?.end().catch(() => undefined);
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, backoff);
    retry.unref();
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'mailroom-live',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    client = next;
    next.on('error', (error) => client === next && drop(error));
    next.on('end', () => client === next && drop(new Error('LISTEN connection ended')));
    next.on('notification', (message) => {
      if (message.channel !== MAIL_EVENTS_CHANNEL) return;
      const event = parseMailEventPayload(message.payload);
      if (event) options.onEvent(event);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${MAIL_EVENTS_CHANNEL}`);
    } catch (error) {
      if (client === next) drop(error);
      return;
    }
    if (stopped || client !== next) return;
    backoff = 500;
    ping = setInterval(() => {
      next.query('select 1').catch((error: unknown) => client === next && drop(error));
    }, PING_MS);
    ping.unref();
    options.onListening();
  };

  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
}
