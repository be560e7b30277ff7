import nodemailer from 'nodemailer';
import type { ServerSettings } from '../settings';
import { classifyMailError } from '../errors';

export function createSmtpTransport(settings: ServerSettings, password: string) {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: { user: settings.login, pass: password },
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
}

/** Logs in to the SMTP server without sending anything. */
export async function verifySmtp(settings: ServerSettings, password: string): Promise<void> {
  const transport = createSmtpTransport(settings, password);
  try {
    await transport.verify();
  } catch (error) {
    // The connect, greeting and TLS timeouts are told apart by nodemailer; a socket timeout after the greeting
    // (shorter than the socket timeout) came while logging in.
    throw classifyMailError(error, { kind: 'SMTP', host: settings.host, port: settings.port, security: settings.security, stage: 'login' });
  } finally {
    transport.close();
  }
}
