import { z } from 'zod';
import { AppError } from '../errors';
import { resolveOutboundHost, type OutboundOptions, type OutboundTarget } from '../net/outbound-address';

export type TransportSecurity = 'tls' | 'starttls' | 'none';
export type ServerSettings = { host: string; port: number; security: TransportSecurity; login: string };
export type MailCredentials = { imapPassword: string; smtpPassword: string };

export const hostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: 'Enter the server name.' })
  .max(253)
  .regex(/^[a-z0-9.\-:[\]]+$/, { error: 'That is not a valid server name.' });
export const portSchema = z.coerce
  .number()
  .int()
  .min(1, { error: 'The port is a number from 1 to 65535.' })
  .max(65535, { error: 'The port is a number from 1 to 65535.' });
export const securitySchema = z.enum(['tls', 'starttls', 'none'], { error: 'Security is tls, starttls or none.' });

/** "host:port" as the CLI takes it (IPv6 in brackets). */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(value.trim());
  if (!match)
    throw new AppError('validation', {
      userMessage: `Give the server as host:port, e.g. imap.example.com:993 (got "${value}").`,
    });
  return { host: match[1]!, port: Number(match[2]) };
}

/**
 * Where to connect for a mail server the user gave: its checked address (refused when internal, see
 * resolveOutboundHost) and the name for TLS. Unencrypted connections would send the mailbox password in
 * clear, so they are only accepted for servers the operator allowed (MAILROOM_ALLOWED_PRIVATE_HOSTS: an
 * on-premises server, a local relay, the test servers), never for any host on the internet.
 */
export async function resolveMailServer(
  settings: Pick<ServerSettings, 'host' | 'security'>,
  kind: 'IMAP' | 'SMTP',
  outbound?: OutboundOptions,
): Promise<OutboundTarget> {
  const target = await resolveOutboundHost(settings.host, outbound);
  if (settings.security === 'none' && !target.operatorAllowed) {
    throw new AppError('validation', {
      userMessage: `${kind}: an unencrypted connection is only allowed to a server the operator of this Mailroom has allowed. Choose TLS or STARTTLS for ${settings.host}.`,
    });
  }
  return target;
}
