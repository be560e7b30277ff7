import { AppError, isAppError, type ErrorCode } from '../errors';

type Server = { kind: 'IMAP' | 'SMTP'; host: string; port: number };

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|ETLS|HOSTNAME_MISMATCH)/;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ECONNECTION', 'NoConnection']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ESOCKETTIMEDOUT']);

type Facts = { codes: string[]; text: string; auth: boolean };

// imapflow and nodemailer report failures differently and often wrap the socket error; collect what matters.
function facts(error: unknown): Facts {
  const codes: string[] = [];
  const texts: string[] = [];
  let auth = false;
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const record = e as { code?: unknown; message?: unknown; responseText?: unknown; response?: unknown; authenticationFailed?: unknown; serverResponseCode?: unknown; responseCode?: unknown };
    for (const c of [record.code, record.serverResponseCode]) if (typeof c === 'string') codes.push(c);
    for (const t of [record.message, record.responseText, record.response]) if (typeof t === 'string') texts.push(t);
    if (record.authenticationFailed === true || record.code === 'EAUTH' || record.serverResponseCode === 'AUTHENTICATIONFAILED' || record.responseCode === 535) auth = true;
  }
  return { codes, text: texts.join(' | '), auth };
}

/**
 * Turns a low-level IMAP/SMTP failure into one AppError with a message that says which server and what to do.
 * `mail_auth_failed` needs the user (new password); the others are worth retrying later.
 */
export function classifyMailError(error: unknown, server: Server): AppError {
  if (isAppError(error)) return error;
  const { codes, text, auth } = facts(error);
  const where = `${server.kind} server ${server.host}:${server.port}`;
  const make = (code: ErrorCode, userMessage: string) => new AppError(code, { message: `${where}: ${text || codes.join(',')}`, userMessage, cause: error });

  if (auth) return make('mail_auth_failed', `The ${server.kind} server ${server.host} refused the user name or password. Check them (some providers need an app password).`);
  if (codes.some((c) => TLS_CODES.test(c)) || /ssl|tls|certificate|wrong version number/i.test(text)) {
    return make('mail_tls_failed', `A secure (${server.kind}) connection to ${server.host}:${server.port} failed: ${tlsReason(codes, text)}. Check the port and the security setting (TLS or STARTTLS).`);
  }
  if (codes.some((c) => TIMEOUT_CODES.has(c)) || /timed? ?out/i.test(text)) return make('mail_timeout', `The ${where} did not answer in time.`);
  if (codes.some((c) => UNREACHABLE_CODES.has(c)) || /ECONNREFUSED|ENOTFOUND|connection closed|socket/i.test(text)) {
    return make('mail_unreachable', `The ${where} could not be reached. Check the server name and port.`);
  }
  return make('mail_server_error', `The ${where} answered with an error: ${text.slice(0, 200) || 'unknown error'}.`);
}

function tlsReason(codes: string[], text: string): string {
  if (codes.some((c) => /SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(c))) return 'its certificate is not trusted';
  if (codes.some((c) => /ALTNAME|HOSTNAME_MISMATCH/.test(c))) return 'its certificate is for another name';
  if (codes.includes('CERT_HAS_EXPIRED')) return 'its certificate has expired';
  if (/wrong version number|packet length too long/i.test(text)) return 'the server does not speak TLS on this port';
  return 'the TLS handshake failed';
}

/**
 * True for failures of talking to a mail server (socket, TLS, protocol, timeouts), false for anything else
 * that can go wrong during a sync, such as a database error: that must not be reported as the mail server's.
 */
export function isMailServerFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const record = e as { name?: unknown; severity?: unknown; query?: unknown };
    // node-postgres errors carry a severity; drizzle wraps them in an error that names the failed query.
    if (typeof record.severity === 'string' || typeof record.query === 'string') return false;
  }
  return true;
}

export function requiresReauth(error: unknown): boolean {
  return isAppError(error) && error.code === 'mail_auth_failed';
}
