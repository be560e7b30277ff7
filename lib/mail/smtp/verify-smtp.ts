import nodemailer from 'nodemailer';
import type { OutboundOptions, OutboundTarget } from '../../net/outbound-address';
import { smtpTransportAuth } from '../mail-secret';
import { resolveMailServer, type MailSecret, type ServerSettings } from '../settings';
import { classifyMailError } from '../errors';

/** A transport to the checked address (see resolveMailServer); the name stays the TLS server name. */
export function createSmtpTransport(settings: ServerSettings, secret: string | MailSecret, target: OutboundTarget) {
  return nodemailer.createTransport({
    host: target.address,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: smtpTransportAuth(settings.login, secret),
    tls: {
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(target.servername ? { servername: target.servername } : {}),
    },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
}

/** Logs in to the SMTP server without sending anything; the host is checked first, as for IMAP. */
export async function verifySmtp(
  settings: ServerSettings,
  secret: string | MailSecret,
  outbound?: OutboundOptions,
): Promise<void> {
  let transport: ReturnType<typeof createSmtpTransport> | undefined;
  try {
    const target = await resolveMailServer(settings, 'SMTP', outbound);
    transport = createSmtpTransport(settings, secret, target);
    await transport.verify();
  } catch (error) {
    // The connect, greeting and TLS timeouts are told apart by nodemailer; a socket timeout after the greeting
    // (shorter than the socket timeout) came while logging in.
    throw classifyMailError(error, {
      kind: 'SMTP',
      host: settings.host,
      port: settings.port,
      security: settings.security,
      stage: 'login',
    });
  } finally {
    transport?.close();
  }
}
