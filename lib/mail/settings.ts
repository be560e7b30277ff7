import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError } from '../errors';

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
export const portSchema = z.coerce.number().int().min(1, { error: 'The port is a number from 1 to 65535.' }).max(65535, { error: 'The port is a number from 1 to 65535.' });
export const securitySchema = z.enum(['tls', 'starttls', 'none'], { error: 'Security is tls, starttls or none.' });

/** "host:port" as the CLI takes it (IPv6 in brackets). */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(value.trim());
  if (!match) throw new AppError('validation', { userMessage: `Give the server as host:port, e.g. imap.example.com:993 (got "${value}").` });
  return { host: match[1]!, port: Number(match[2]) };
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/**
 * Unencrypted connections would send the mailbox password in clear across the network, so they are only
 * accepted for servers on this machine (test servers, a local relay).
 */
export function throwIfInsecureRemote(settings: Pick<ServerSettings, 'host' | 'security'>, kind: 'IMAP' | 'SMTP'): void {
  if (settings.security === 'none' && !isLoopback(settings.host)) {
    throw new AppError('validation', {
      userMessage: `${kind}: an unencrypted connection is only allowed to a server on this machine (localhost). Choose TLS or STARTTLS for ${settings.host}.`,
    });
  }
}
