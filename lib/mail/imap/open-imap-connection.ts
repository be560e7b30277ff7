import { ImapFlow } from 'imapflow';
import type { OutboundOptions, OutboundTarget } from '../../net/outbound-address';
import { imapAuth } from '../mail-secret';
import { resolveMailServer, type MailSecret, type ServerSettings } from '../settings';
import { classifyMailError } from '../errors';

export type ImapTimeouts = { connectMs: number; greetingMs: number; socketMs: number };

// imapflow's defaults wait minutes on a dead server; a sync must fail fast and retry with backoff instead.
export const DEFAULT_IMAP_TIMEOUTS: ImapTimeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 60_000 };

/**
 * A client for the address that was checked (see resolveMailServer), never the name: resolving it again could
 * give another address. The name stays the TLS server name, for SNI and the certificate check.
 */
export function createImapClient(
  settings: ServerSettings,
  secret: string | MailSecret,
  target: OutboundTarget,
  timeouts: ImapTimeouts = DEFAULT_IMAP_TIMEOUTS,
): ImapFlow {
  return new ImapFlow({
    host: target.address,
    port: settings.port,
    secure: settings.security === 'tls',
    // STARTTLS is required when chosen (never silently plain), and never attempted when "none" was chosen.
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: imapAuth(settings.login, secret),
    tls: {
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(target.servername ? { servername: target.servername } : {}),
    },
    logger: false,
    emitLogs: false,
    disableAutoIdle: true,
    qresync: true,
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
}

/**
 * A logged-in IMAP connection, or a classified error saying why not. The host is checked first: an internal
 * address (unless the operator allowed it) or plaintext to a host on the internet is a validation error.
 */
export async function openImapConnection(
  settings: ServerSettings,
  secret: string | MailSecret,
  timeouts?: ImapTimeouts,
  outbound?: OutboundOptions,
): Promise<ImapFlow> {
  let client: ImapFlow | undefined;
  try {
    const target = await resolveMailServer(settings, 'IMAP', outbound);
    client = createImapClient(settings, secret, target, timeouts);
    keepConnectionFailure(client);
    await client.connect();
    return client;
  } catch (error) {
    client?.close();
    // imapflow names the connect, greeting and STARTTLS timeouts; a plain socket timeout during connect()
    // came before the greeting or, once it was there, while logging in.
    const stage = client === undefined ? 'connect' : client.greeting === undefined ? 'greeting' : 'login';
    throw classifyMailError(error, {
      kind: 'IMAP',
      host: settings.host,
      port: settings.port,
      security: settings.security,
      stage,
    });
  }
}

type ConnectionErrorFactory = (code: string, message: string, meta?: Record<string, unknown>) => Error;

/**
 * Errors after connect (a socket timeout, a dropped socket) are emitted once as 'error'; without a listener
 * that event would crash the process. The commands still pending then fail with a bare NoConnection
 * ("Connection not available") that no longer says why, so a timeout mid-FETCH would read as an unreachable
 * server: the emitted error becomes the `cause` of every connection error imapflow (2.10) builds after it.
 */
function keepConnectionFailure(client: ImapFlow): void {
  let failure: Error | undefined;
  client.on('error', (error: Error) => {
    failure ??= error;
  });
  const internals = client as unknown as { createConnectionError?: ConnectionErrorFactory };
  const build = internals.createConnectionError;
  if (typeof build !== 'function') return;
  internals.createConnectionError = (code, message, meta) => {
    const error = build.call(client, code, message, meta) as Error & { cause?: unknown };
    if (failure && error.cause === undefined) error.cause = failure;
    return error;
  };
}
