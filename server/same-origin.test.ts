import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assertSameOrigin } from './same-origin';

const refused = expect.objectContaining({ code: 'forbidden', status: 403 });
const post = (headers: Record<string, string>) => () => assertSameOrigin(new Headers(headers), 'POST');

beforeEach(() => {
  vi.stubEnv('MAILROOM_PUBLIC_URL', '');
  vi.stubEnv('AUTH_URL', '');
});
afterEach(() => vi.unstubAllEnvs());

describe('the Origin check without a configured public URL', () => {
  it('accepts the Host the browser sent, over http unless the proxy says https', () => {
    expect(post({ origin: 'http://mail.example.com:3000', host: 'mail.example.com:3000' })).not.toThrow();
    expect(post({ origin: 'http://MAIL.example.com', host: 'mail.example.com:80' })).not.toThrow();
    expect(
      post({
        origin: 'https://mail.example.com',
        host: '127.0.0.1:3000',
        'x-forwarded-host': 'mail.example.com',
        'x-forwarded-proto': 'https',
      }),
    ).not.toThrow();
  });

  it.each([
    ['https to an http server', { origin: 'https://mail.example.com', host: 'mail.example.com' }],
    [
      'http to a server behind https',
      { origin: 'http://mail.example.com', host: 'mail.example.com', 'x-forwarded-proto': 'https' },
    ],
    ['another host', { origin: 'http://evil.test', host: 'mail.example.com' }],
    ['another port', { origin: 'http://mail.example.com:8080', host: 'mail.example.com' }],
    ['no Origin', { host: 'mail.example.com' }],
    ['a null Origin', { origin: 'null', host: 'mail.example.com' }],
    ['an Origin that is no URL', { origin: 'http://[', host: 'mail.example.com' }],
    ['another scheme', { origin: 'ftp://mail.example.com', host: 'mail.example.com' }],
    ['no Host', { origin: 'http://mail.example.com' }],
  ])('refuses %s', (_name, headers: Record<string, string>) => {
    expect(post(headers)).toThrow(refused);
  });

  it('lets reads through', () => {
    expect(() => assertSameOrigin(new Headers({ origin: 'https://evil.test' }), 'GET')).not.toThrow();
  });
});

describe('the Origin check with a configured public URL', () => {
  it('accepts exactly its origin, whatever Host or proxy headers say', () => {
    vi.stubEnv('MAILROOM_PUBLIC_URL', 'https://mail.example.com/');
    expect(post({ origin: 'https://mail.example.com', host: 'internal:3000' })).not.toThrow();
    expect(post({ origin: 'http://mail.example.com', host: 'mail.example.com' })).toThrow(refused);
    expect(post({ origin: 'https://internal:3000', host: 'internal:3000' })).toThrow(refused);
    expect(
      post({ origin: 'https://mail.example.com:8443', host: 'mail.example.com:8443', 'x-forwarded-proto': 'https' }),
    ).toThrow(refused);
  });

  it('uses AUTH_URL when MAILROOM_PUBLIC_URL is unset', () => {
    vi.stubEnv('AUTH_URL', 'http://localhost:3000');
    expect(post({ origin: 'http://localhost:3000', host: 'localhost:3000' })).not.toThrow();
    expect(post({ origin: 'https://localhost:3000', host: 'localhost:3000' })).toThrow(refused);
  });
});
