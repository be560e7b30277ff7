import { z } from 'zod';
import { AppError } from '../errors';
import { resolveOutboundHost, type OutboundOptions, type OutboundTarget } from '../net/outbound-address';

export type TransportSecurity = 'tls' | 'starttls' | 'none';
export type ServerSettings = { host: string; port: number; security: TransportSecurity; login: string };
export type MailCredentials = { imapPassword: string; smtpPassword: string };
/**
 * A mailbox that logs in with an OAuth2 grant (Google, Microsoft): the refresh token, and the last access token
 * with its expiry (ms since the epoch) so that syncs reuse it until shortly before it expires.
 */
export type OAuthCredentials = {
  kind: 'oauth2';
  provider: 'google' | 'microsoft';
  refreshToken: string;
  accessToken: string;
  accessTokenExpiresAt: number;
};
/** What credentialsCiphertext holds. */
export type StoredCredentials = MailCredentials | OAuthCredentials;
/** How one connection logs in: a password, or an OAuth2 access token (XOAUTH2/OAUTHBEARER). */
export type MailSecret = { password: string } | { accessToken: string };

export const hostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: 'field.serverNameRequired' })
  .max(253)
  .regex(/^[a-z0-9.\-:[\]]+$/, { error: 'field.serverNameInvalid' });
export const portSchema = z.coerce
  .number()
  .int()
  .min(1, { error: 'field.portRange' })
  .max(65535, { error: 'field.portRange' });
export const securitySchema = z.enum(['tls', 'starttls', 'none'], { error: 'field.securityChoice' });

/** "host:port" as the CLI takes it (IPv6 in brackets). */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(value.trim());
  if (!match)
    throw new AppError('validation', {
      problem: { key: 'mailbox.hostPortFormat', values: { value } },
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
      problem: { key: 'mailbox.unencryptedNotAllowed', values: { kind, host: settings.host } },
    });
  }
  return target;
}
