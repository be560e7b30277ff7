import type { Actor } from '../access/actor';
import { AppError, isAppError, type ErrorCode } from '../errors';
import type { Problem } from '../i18n/problem';

/**
 * Where a conversation with a mail server was when it failed, when the caller knows better than the error:
 * - connect: opening the TCP connection (and, for security 'tls', the TLS handshake, which libraries time together)
 * - greeting: connected, waiting for the server's first line
 * - starttls: upgrading the connection with STARTTLS
 * - login: after the greeting, until logged in (capabilities, EHLO, AUTH/LOGIN)
 * - command: a command of a logged-in session (name it with `command`)
 * - envelope: SMTP MAIL FROM / RCPT TO / DATA, before the message data
 * - data: SMTP, the message data has gone out and its confirmation is awaited
 */
export type MailStage = 'connect' | 'greeting' | 'starttls' | 'login' | 'command' | 'envelope' | 'data';

export type MailServer = {
  kind: 'IMAP' | 'SMTP';
  host: string;
  port: number;
  security?: 'tls' | 'starttls' | 'none';
  stage?: MailStage;
  /** The command that was waiting for an answer, e.g. 'FETCH' (stage 'command'). */
  command?: string;
};

const TLS_CODES =
  /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|ETLS|HOSTNAME_MISMATCH)/;
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ECONNECTION',
  'NoConnection',
]);
// imapflow: CONNECT_TIMEOUT (TCP connect, and the TLS handshake for secure connections), GREETING_TIMEOUT,
// UPGRADE_TIMEOUT (STARTTLS), ETIMEOUT ("Socket timeout", no traffic while an answer was due; also on the
// error event, after which pending commands fail with NoConnection). nodemailer: ETIMEDOUT for all three
// ("Connection timeout", "Greeting never received", "Timeout"). Node itself: ETIMEDOUT (connect, read).
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ETIMEOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ESOCKETTIMEDOUT',
]);
// Command names libraries put on errors that are not commands of the session.
const NOT_COMMANDS = new Set(['CONN', 'API']);

type Facts = { codes: string[]; text: string; auth: boolean; command?: string };

// imapflow and nodemailer report failures differently and often wrap the socket error; collect what matters.
function facts(error: unknown): Facts {
  const codes: string[] = [];
  const texts: string[] = [];
  let auth = false;
  let command: string | undefined;
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const record = e as {
      code?: unknown;
      message?: unknown;
      responseText?: unknown;
      response?: unknown;
      authenticationFailed?: unknown;
      serverResponseCode?: unknown;
      responseCode?: unknown;
      command?: unknown;
    };
    for (const c of [record.code, record.serverResponseCode]) if (typeof c === 'string') codes.push(c);
    for (const t of [record.message, record.responseText, record.response]) if (typeof t === 'string') texts.push(t);
    if (
      record.authenticationFailed === true ||
      record.code === 'EAUTH' ||
      record.serverResponseCode === 'AUTHENTICATIONFAILED' ||
      record.responseCode === 535
    )
      auth = true;
    if (command === undefined && typeof record.command === 'string' && !NOT_COMMANDS.has(record.command))
      command = record.command;
  }
  return { codes, text: texts.join(' | '), auth, command };
}

/**
 * Turns a low-level IMAP/SMTP failure into one AppError with a message that says which server and what to do.
 * `mail_auth_failed` needs the user (new password); the others are worth retrying later. A timeout is always
 * `mail_timeout`, whatever stage it happened at (details.stage says which, when known).
 */
export function classifyMailError(error: unknown, server: MailServer): AppError {
  if (isAppError(error)) return error;
  const found = facts(error);
  const { codes, text, auth } = found;
  const where = `${server.kind} server ${server.host}:${server.port}`;
  // Every sentence names the server as "The IMAP server host:port"; the catalogue puts these values in place.
  const serverValues = { kind: server.kind, host: server.host, port: server.port };
  const make = (code: ErrorCode, problem: Problem, details?: Record<string, unknown>) =>
    new AppError(code, {
      message: `${where}: ${text || codes.join(',')}`,
      problem,
      cause: error,
      ...(details ? { details } : {}),
    });

  if (auth) return make('mail_auth_failed', { key: 'mailServer.authFailed', values: serverValues });
  // Before TLS: imapflow's greeting timeout on a plain connection says "Maybe should use TLS?".
  if (codes.some((c) => TIMEOUT_CODES.has(c)) || /timed? ?out/i.test(text)) {
    const command = found.command ?? server.command;
    const stage = timeoutStage(codes, text, server, command);
    return make('mail_timeout', timeoutProblem(stage, server, command), {
      stage: stage ?? null,
      ...(command ? { command } : {}),
    });
  }
  if (codes.some((c) => TLS_CODES.test(c)) || /ssl|tls|certificate|wrong version number/i.test(text)) {
    return make('mail_tls_failed', {
      key: 'mailServer.tlsFailed',
      values: { ...serverValues, reason: tlsReason(codes, text) },
    });
  }
  if (codes.some((c) => UNREACHABLE_CODES.has(c)) || /ECONNREFUSED|ENOTFOUND|connection closed|socket/i.test(text)) {
    return make('mail_unreachable', { key: 'mailServer.unreachable', values: serverValues });
  }
  // The server's own words, as it wrote them (usually English): a translation cannot know them.
  const said = text.slice(0, 200);
  return make(
    'mail_server_error',
    said
      ? { key: 'mailServer.serverError', values: { ...serverValues, text: said } }
      : { key: 'mailServer.serverErrorUnknown', values: serverValues },
  );
}

// Failures of reaching a server, as opposed to the server refusing the login (which the user must act on).
const CONNECTION_CODES = new Set<ErrorCode>([
  'mail_unreachable',
  'mail_tls_failed',
  'mail_timeout',
  'mail_server_error',
]);

/** Operators and admins see why a connection failed; employees only that it did (see connectionFailureFor). */
export function seesConnectionDetails(actor: Actor | undefined): boolean {
  return actor === undefined || actor.kind !== 'user' || actor.role === 'admin';
}

/**
 * What an actor is told when a server they named could not be reached. The detailed reasons (refused, reset,
 * not TLS, no answer) tell an open port from a closed one, which would turn Connect mailbox into a port
 * scanner of whatever the server can reach; so an employee gets one message and one status for all of them.
 * A refused password stays distinct (the user must fix it), and so does a refused host (it says nothing
 * about ports). The detail stays in `message` and `cause` for logs.
 */
export function connectionFailureFor(
  error: unknown,
  server: Pick<MailServer, 'kind' | 'host' | 'port'>,
  actor: Actor | undefined,
): unknown {
  if (!isAppError(error) || !CONNECTION_CODES.has(error.code) || seesConnectionDetails(actor)) return error;
  process.stderr.write(
    `[mail] connection check by user ${actor?.kind === 'user' ? actor.userId : '?'} failed (${error.code}): ${error.message}\n`,
  );
  return new AppError('mail_unreachable', {
    message: error.message,
    problem: { key: 'mailServer.connectFailed', values: { kind: server.kind, host: server.host, port: server.port } },
    cause: error,
  });
}

// What the error itself says beats what the caller assumed: the libraries time each phase separately.
function timeoutStage(
  codes: string[],
  text: string,
  server: MailServer,
  command: string | undefined,
): MailStage | undefined {
  if (codes.includes('GREETING_TIMEOUT') || /greeting never received/i.test(text)) return 'greeting';
  if (codes.includes('UPGRADE_TIMEOUT')) return 'starttls';
  if (codes.includes('CONNECT_TIMEOUT') || /connection timeout|connect ETIMEDOUT/i.test(text)) return 'connect';
  return server.stage ?? (command ? 'command' : undefined);
}

// The sentence for a timeout at each stage. `security` picks the TLS hints in the catalogue (the TLS handshake
// for 'connect', "choose TLS" for 'greeting'), `kind` the usual TLS port (993 for IMAP, 465 for SMTP).
function timeoutProblem(stage: MailStage | undefined, server: MailServer, command: string | undefined): Problem {
  const values = { kind: server.kind, host: server.host, port: server.port, security: server.security ?? 'unknown' };
  switch (stage) {
    case 'connect':
      return { key: 'mailServer.timeoutConnect', values };
    case 'greeting':
      return { key: 'mailServer.timeoutGreeting', values };
    case 'starttls':
      return { key: 'mailServer.timeoutStarttls', values };
    case 'login':
      return { key: 'mailServer.timeoutLogin', values };
    case 'command':
      return command
        ? { key: 'mailServer.timeoutNamedCommand', values: { ...values, command } }
        : { key: 'mailServer.timeoutCommand', values };
    case 'envelope':
      return { key: 'mailServer.timeoutEnvelope', values };
    case 'data':
      return { key: 'mailServer.timeoutData', values };
    default:
      return command
        ? { key: 'mailServer.timeoutWaitingFor', values: { ...values, command } }
        : { key: 'mailServer.timeout', values };
  }
}

/** Why a TLS connection failed, as a `select` case of problems.mailServer.tlsFailed ('handshake' is its `other`). */
function tlsReason(codes: string[], text: string): 'untrusted' | 'otherName' | 'expired' | 'notTls' | 'handshake' {
  if (codes.some((c) => /SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(c))) return 'untrusted';
  if (codes.some((c) => /ALTNAME|HOSTNAME_MISMATCH/.test(c))) return 'otherName';
  if (codes.includes('CERT_HAS_EXPIRED')) return 'expired';
  if (/wrong version number|packet length too long/i.test(text)) return 'notTls';
  return 'handshake';
}

/**
 * True for failures of talking to a mail server (socket, TLS, protocol, timeouts), false for anything else
 * that can go wrong during a sync, such as a database error: that must not be reported as the mail server's.
 */
export function isMailServerFailure(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const record = e as { name?: unknown; severity?: unknown; query?: unknown };
    // node-postgres errors carry a severity; drizzle wraps them in an error that names the failed query.
    if (typeof record.severity === 'string' || typeof record.query === 'string') return false;
  }
  return true;
}

export function requiresReauth(error: unknown): boolean {
  return isAppError(error) && error.code === 'mail_auth_failed';
}
