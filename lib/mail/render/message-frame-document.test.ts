import { describe, expect, it } from 'vitest';
import { messageFrameDocument } from './message-frame-document';

describe('messageFrameDocument', () => {
  it('wraps the body in a UTF-8 document that opens links in new tabs and sends no referrer', () => {
    const { html } = messageFrameDocument('<p>Hi</p>', {
      allowRemoteImages: false,
      origin: 'https://mail.example.org',
    });
    expect(html.startsWith('<!doctype html><html><head><meta charset="utf-8">')).toBe(true);
    expect(html).toContain('<meta name="referrer" content="no-referrer"><base target="_blank">');
    expect(html.endsWith('<body><p>Hi</p></body></html>')).toBe(true);
  });

  it('allows no script, only our origin and data: images, and remote ones only when allowed', () => {
    const blocked = messageFrameDocument('', {
      allowRemoteImages: false,
      origin: 'https://mail.example.org/ignored/path',
    });
    expect(blocked.contentSecurityPolicy).toBe(
      "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src https://mail.example.org data:; " +
        "font-src data:; form-action 'none'; base-uri 'none'; frame-ancestors https://mail.example.org; " +
        'sandbox allow-popups allow-popups-to-escape-sandbox',
    );
    const allowed = messageFrameDocument('', { allowRemoteImages: true, origin: 'http://localhost:3000' });
    expect(allowed.contentSecurityPolicy).toContain('img-src http://localhost:3000 data: https: http:;');
    expect(allowed.html).toContain("script-src 'none'");
    expect(allowed.html).not.toContain('sandbox');
  });

  it('refuses an origin that is not http(s)', () => {
    for (const origin of ['javascript:alert(1)', 'not a url', "https://x.example; script-src 'unsafe-inline'"]) {
      expect(() => messageFrameDocument('', { allowRemoteImages: false, origin })).toThrow();
    }
  });
});
