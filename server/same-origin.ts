import { AppError } from '@/lib/errors';
import { publicUrl } from '@/lib/public-url';

/**
 * Mutations must come from our own pages: a cross-site form or fetch carries a foreign Origin. A missing or
 * "null" Origin is refused too (privacy modes, sandboxed frames, file:// pages) — Next.js itself lets a
 * server action without Origin through, which is why this check exists. Scheme, host and port must all
 * match: `https://host` posting to a plain-http server is another origin (an attacker's TLS front for the
 * same name, say), as is `http://host` posting to an https one.
 */
export function assertSameOrigin(headers: Headers, method: string): void {
  if (method === 'GET' || method === 'HEAD') return;
  const origin = headers.get('origin');
  const expected = ownOrigin(headers);
  if (!origin || origin === 'null' || expected === null || normalizeOrigin(origin) !== expected) {
    throw new AppError('forbidden', {
      message: `Cross-site ${method} refused (origin ${origin ?? 'none'}, expected ${expected ?? 'unknown'})`,
      problem: { key: 'request.crossSite' },
    });
  }
}

/**
 * The origin browsers use to reach us. The configured public URL when there is one (AUTH_URL or
 * MAILROOM_PUBLIC_URL); otherwise the Host the browser sent (or a trusted proxy's X-Forwarded-Host) with
 * https only when X-Forwarded-Proto says so. Those headers can be believed: scripts/next-server.ts removes
 * the ones a client sent and keeps a proxy's only with TRUST_PROXY_HOPS. Null without a usable host.
 */
export function ownOrigin(headers: Headers, fallbackHost?: string): string | null {
  const configured = publicUrl();
  if (configured) return configured.origin;
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? fallbackHost;
  if (!host) return null;
  const scheme = headers.get('x-forwarded-proto')?.trim().toLowerCase() === 'https' ? 'https' : 'http';
  return normalizeOrigin(`${scheme}://${host}`);
}

// Lower-case host, default port dropped: "HTTP://Example.com:80" and "http://example.com" are one origin.
function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '' ? url.origin : null;
  } catch {
    return null;
  }
}
