import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Mailbox } from '@/db/schema';
import type { MailStage } from '../errors';
import type { OutboundOptions, OutboundTarget } from '../../net/outbound-address';
import { smtpConnectionLogin } from '../mail-secret';
import { resolveMailServer, type MailSecret, type ServerSettings } from '../settings';

/**
 * connect/greeting/socket are nodemailer's (socketMs: the longest silence while an answer is due); totalMs
 * bounds the whole transaction, however the server trickles, so a message is never 'sending' for longer
 * (expire-stale-sending.ts relies on that).
 */
/** A mailbox row's SMTP server, as deliverOverSmtp takes it. */
export function smtpSettings(mailbox: Pick<Mailbox, 'smtpHost' | 'smtpPort' | 'smtpSecurity' | 'smtpLogin'>) {
  return { host: mailbox.smtpHost, port: mailbox.smtpPort, security: mailbox.smtpSecurity, login: mailbox.smtpLogin };
}

export type SmtpTimeouts = { connectMs: number; greetingMs: number; socketMs: number; totalMs?: number };

// Long enough for a slow provider to accept a 14 MB message, short enough that a dead one fails the request.
export const DEFAULT_SMTP_TIMEOUTS = {
  connectMs: 15_000,
  greetingMs: 15_000,
  socketMs: 30_000,
  totalMs: 5 * 60_000,
} as const satisfies SmtpTimeouts;

/**
 * - sent: the server accepted the message (some recipients may have been refused).
 * - refused: it certainly did not take the message: a failure before the data went out, or a negative
 *   answer to the data itself.
 * - unknown: the connection failed after the data went out and before the server answered: the server may
 *   have queued the message, so it must not be sent again automatically.
 */
export type SmtpDelivery =
  | { outcome: 'sent'; rejected: string[]; response: string }
  | { outcome: 'refused'; error: unknown; stage: MailStage }
  | { outcome: 'unknown'; error: unknown; stage: MailStage };

type SmtpError = { code?: unknown; responseCode?: unknown };
// Public fields of nodemailer's SMTPConnection that its typings leave out.
type ConnectionState = { allowsAuth?: boolean; upgrading?: boolean; lastServerResponse?: string | false };

/**
 * One message over one SMTP connection. nodemailer's transport reports every failure alike; here the phase
 * is tracked: the message stream is only read once the server has answered DATA with 354, so whether a
 * failure came before or after the data left is known exactly. The host is checked first (see
 * resolveMailServer) and the connection goes to the address that was checked.
 */
export async function deliverOverSmtp(
  settings: ServerSettings,
  secret: string | MailSecret,
  message: { envelope: { from: string; to: string[] }; raw: Buffer },
  timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS,
  outbound?: OutboundOptions,
): Promise<SmtpDelivery> {
  let target: OutboundTarget;
  try {
    target = await resolveMailServer(settings, 'SMTP', outbound);
  } catch (error) {
    return { outcome: 'refused', error, stage: 'connect' };
  }
  return deliverTo(target, settings, secret, message, timeouts);
}

function deliverTo(
  target: OutboundTarget,
  settings: ServerSettings,
  secret: string | MailSecret,
  message: { envelope: { from: string; to: string[] }; raw: Buffer },
  timeouts: SmtpTimeouts,
): Promise<SmtpDelivery> {
  const connection = new SMTPConnection({
    host: target.address,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    tls: {
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(target.servername ? { servername: target.servername } : {}),
    },
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    logger: false,
  });
  const state = connection as unknown as ConnectionState;
  let dataSent = false;
  let settled = false;
  // Until connect()'s callback nodemailer runs the greeting, EHLO and STARTTLS on its own.
  let stage: MailStage | 'session' = 'session';
  const stageNow = (): MailStage => {
    if (stage !== 'session') return stage;
    if (state.upgrading) return 'starttls';
    return state.lastServerResponse ? 'login' : 'greeting';
  };

  return new Promise<SmtpDelivery>((resolve) => {
    const totalMs = timeouts.totalMs ?? DEFAULT_SMTP_TIMEOUTS.totalMs;
    const deadline = setTimeout(
      () => fail(Object.assign(new Error(`SMTP transaction timed out after ${totalMs} ms`), { code: 'ETIMEDOUT' })),
      totalMs,
    );
    deadline.unref();
    const finish = (result: SmtpDelivery) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (result.outcome === 'sent') connection.quit();
      else connection.close();
      resolve(result);
    };
    const fail = (error: unknown) => {
      const { code, responseCode } = (error ?? {}) as SmtpError;
      // After the data, only the server's own negative reply proves the message was not taken.
      const answered = code === 'EMESSAGE' && typeof responseCode === 'number';
      finish(
        dataSent && !answered
          ? { outcome: 'unknown', error, stage: 'data' }
          : { outcome: 'refused', error, stage: stageNow() },
      );
    };
    connection.on('error', fail);
    // A close without an error event: 'end' may come just before the callback of the last command.
    connection.once('end', () =>
      setTimeout(
        () => fail(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' })),
        200,
      ).unref(),
    );

    const send = () => {
      stage = 'envelope';
      const stream = new Readable({
        read() {
          dataSent = true;
          stage = 'data';
          this.push(message.raw);
          this.push(null);
        },
      });
      connection.send(message.envelope, stream, (error, info) => {
        if (error) return fail(error);
        finish({ outcome: 'sent', rejected: info.rejected ?? [], response: info.response ?? '' });
      });
    };

    connection.connect((error) => {
      if (error) return fail(error);
      if (settled) return;
      // As nodemailer's transport does: a server that offers no AUTH (a local relay) is used without it.
      if (state.allowsAuth !== true) return send();
      stage = 'login';
      connection.login(smtpConnectionLogin(settings.login, secret), (loginError) => {
        if (loginError) return fail(loginError);
        if (!settled) send();
      });
    });
  });
}
