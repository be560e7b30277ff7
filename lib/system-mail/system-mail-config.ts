import { isIP } from 'node:net';
import { publicUrl } from '../public-url';

/** Where Mailroom sends its own mail (invitations, password resets, notices) and as whom. */
export type SystemMailConfig = { url: URL; from: string };

let warned = false;

/**
 * SYSTEM_SMTP_URL (smtp://[user:password@]host[:port] or smtps://…) and SYSTEM_MAIL_FROM. Null when unset:
 * then Mailroom sends nothing itself and shows one-time links to admins instead. A malformed URL is logged
 * once and treated as unset, so a typo never turns a page into a 500.
 */
export function systemMailConfig(env: Record<string, string | undefined> = process.env): SystemMailConfig | null {
  const value = env.SYSTEM_SMTP_URL?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    if (!warned)
      process.stderr.write('SYSTEM_SMTP_URL is not an smtp:// or smtps:// URL; Mailroom sends no mail of its own.\n');
    warned = true;
    return null;
  }
  return { url, from: env.SYSTEM_MAIL_FROM?.trim() || defaultFrom() };
}

export function systemMailConfigured(): boolean {
  return systemMailConfig() !== null;
}

// mailroom@ the public host; an IP address or no public URL gives localhost, which a relay may still rewrite.
function defaultFrom(): string {
  const host = publicUrl()?.hostname;
  const domain = host && isIP(host.replace(/^\[|\]$/g, '')) === 0 ? host : 'localhost';
  return `Mailroom <mailroom@${domain}>`;
}
