import { publicUrlIsHttps } from '@/lib/public-url';

/**
 * The headers of every app page that depend on the request or on the runtime environment, so they are set
 * by proxy.ts per request (next.config.ts headers() are fixed when the app is built).
 *
 * The CSP is a strict, nonce-based one: a script runs only if it carries this response's nonce or was
 * loaded by one that does ('strict-dynamic'), so markup that slips into a page (an editor's innerHTML, a
 * sanitizer's miss) cannot run script. Next.js reads the nonce from the request's Content-Security-Policy
 * header and puts it on its own script tags, which is why the policy goes on the request as well as on
 * the response, and why the pages render per request (app/layout.tsx).
 */
export type PageSecurityHeaders = { 'Content-Security-Policy': string; 'Strict-Transport-Security'?: string };

export function pageSecurityHeaders(options: { dev: boolean }): PageSecurityHeaders {
  const headers: PageSecurityHeaders = { 'Content-Security-Policy': pageContentSecurityPolicy(newNonce(), options) };
  // Two years with subdomains, as hstspreload.org asks; only when the operator configured an https address,
  // never because a request said so.
  if (publicUrlIsHttps()) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}

export function pageContentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code to rebuild server stacks; the production build does not.
    `script-src 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    // React renders `style` attributes (virtual lists, progress bars); styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // The sandboxed frames of an e-mail body (/api/mail/messages/:id/body, /api/crm/activities/:id/body).
    "frame-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** 128 random bits, base64: what Next.js accepts as a nonce (`'nonce-[A-Za-z0-9+/_-]+={0,2}'`). */
function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
