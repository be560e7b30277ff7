import { ImapFlow } from 'imapflow';
import type { ServerSettings } from '../settings';
import { classifyMailError } from '../errors';

export type ImapTimeouts = { connectMs: number; greetingMs: number; socketMs: number };

// imapflow's defaults wait minutes on a dead server; a sync must fail fast and retry with backoff instead.
export const DEFAULT_IMAP_TIMEOUTS: ImapTimeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 60_000 };

export function createImapClient(settings: ServerSettings, password: string, timeouts: ImapTimeouts = DEFAULT_IMAP_TIMEOUTS): ImapFlow {
  return new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    // STARTTLS is required when chosen (never silently plain), and never attempted when "none" was chosen.
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.login, pass: password },
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true },
    logger: false,
    emitLogs: false,
    disableAutoIdle: true,
    qresync: true,
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
}

/** A logged-in IMAP connection, or a classified error saying why not. */
export async function openImapConnection(settings: ServerSettings, password: string, timeouts?: ImapTimeouts): Promise<ImapFlow> {
  const client = createImapClient(settings, password, timeouts);
  // Errors after connect (a dropped socket) are reported on the pending command; without a listener the
  // 'error' event would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw classifyMailError(error, { kind: 'IMAP', host: settings.host, port: settings.port });
  }
}
