import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestOrigin } from './request-origin';

const request = (headers: Record<string, string>) =>
  new Request('http://127.0.0.1:3000/api/mail/messages/1/body', { headers });

beforeEach(() => {
  vi.stubEnv('MAILROOM_PUBLIC_URL', '');
  vi.stubEnv('AUTH_URL', '');
});
afterEach(() => vi.unstubAllEnvs());

describe('the origin a response names', () => {
  it('is the Host the browser used, over http unless the proxy says https', () => {
    expect(requestOrigin(request({ host: 'localhost:3000' }))).toBe('http://localhost:3000');
    expect(requestOrigin(request({ host: 'mail.example.com', 'x-forwarded-proto': 'https' }))).toBe(
      'https://mail.example.com',
    );
    expect(
      requestOrigin(
        request({ host: '127.0.0.1:3000', 'x-forwarded-host': 'mail.example.com', 'x-forwarded-proto': 'http' }),
      ),
    ).toBe('http://mail.example.com');
    expect(requestOrigin(request({ host: 'mail.example.com', 'x-forwarded-proto': 'ftp' }))).toBe(
      'http://mail.example.com',
    );
  });

  it('is the configured public URL when there is one', () => {
    vi.stubEnv('MAILROOM_PUBLIC_URL', 'https://mail.example.com/webmail');
    expect(requestOrigin(request({ host: '127.0.0.1:3000' }))).toBe('https://mail.example.com');
  });
});
