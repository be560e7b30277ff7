import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pageSecurityHeaders } from './page-security-headers';

beforeEach(() => {
  vi.stubEnv('MAILROOM_PUBLIC_URL', '');
  vi.stubEnv('AUTH_URL', '');
});
afterEach(() => vi.unstubAllEnvs());

const nonce = (policy: string) => /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(policy)?.[1];

describe('the security headers of app pages', () => {
  it('hold a strict CSP with a fresh nonce each time', () => {
    const first = pageSecurityHeaders({ dev: false })['Content-Security-Policy'];
    const second = pageSecurityHeaders({ dev: false })['Content-Security-Policy'];
    expect(nonce(first)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce(second)).not.toBe(nonce(first));
    for (const directive of [
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "frame-src 'self'",
    ])
      expect(first).toContain(directive);
    expect(first).not.toContain('unsafe-eval');
    expect(pageSecurityHeaders({ dev: true })['Content-Security-Policy']).toContain("'strict-dynamic' 'unsafe-eval'");
  });

  it('add HSTS only when the configured public URL is https', () => {
    expect(pageSecurityHeaders({ dev: false })['Strict-Transport-Security']).toBeUndefined();
    vi.stubEnv('AUTH_URL', 'http://mail.example.com');
    expect(pageSecurityHeaders({ dev: false })['Strict-Transport-Security']).toBeUndefined();
    vi.stubEnv('MAILROOM_PUBLIC_URL', 'https://mail.example.com');
    expect(pageSecurityHeaders({ dev: false })['Strict-Transport-Security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });
});
