import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '@/lib/mail/parse/parse-message';
import { xssCases, xssFile } from '@/test/fixtures/xss/xss-cases';
import { attachmentResponseHeaders } from './attachment-response-headers';
import { displayNameWarning } from './display-name-warning';
import { linkifyText } from './linkify-text';
import { renderMessageHtml } from './render-message-html';

// Every case of the attack corpus (test/fixtures/xss) through the server-side rendering layer. The checks
// read the output as a browser would (parsed again, as the frame's body) rather than matching strings.
const cases = xssCases();
const window = new JSDOM('').window;
const cidUrl = (id: string) => `/api/mail/attachments/${encodeURIComponent(id)}?inline=1`;
const BLOCKED = { cidUrl, allowRemoteImages: false };

// Nothing that scripts, frames, submits, loads media, redirects or animates may survive, in any namespace.
const FORBIDDEN_TAGS = new Set(
  (
    'script iframe frame frameset object embed applet portal fencedframe form input button textarea select ' +
    'option base meta link svg math animate set animatemotion animatetransform use image video audio source ' +
    'track picture template noscript noembed xmp title map area isindex keygen'
  ).split(' '),
);
const URL_ATTRIBUTES = ['href', 'src', 'background', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'cite'];
const OUR_IMAGE =
  /^(?:\/api\/mail\/attachments\/[^"\s]+|data:image\/(?:png|gif|jpe?g|webp|bmp|avif);base64,[a-z0-9+/=]*)$/i;
const UNSAFE_CSS =
  /\\|<|@import|expression|behavior|-moz-binding|image-set|javascript:|vbscript:|position\s*:\s*(?:fixed|absolute|sticky)/i;

describe('XSS corpus', () => {
  it('has all 141 cases', () => {
    expect(cases).toHaveLength(141);
  });

  it.each(cases.filter((c) => c.kind === 'html-fragment').map((c) => [c.file, c] as const))('%s', (_, testCase) => {
    const rendered = renderMessageHtml(xssFile(testCase.file).toString('utf8'), BLOCKED);
    expectSafe(rendered.html);
    expectStable(rendered.html);
    if (testCase.must_preserve) expectControlKept(rendered.html);
  });

  it.each(cases.filter((c) => c.kind === 'eml').map((c) => [c.file, c] as const))('%s', async (_, testCase) => {
    const message = await parseMessage(xssFile(testCase.file));
    if (message.html !== null) {
      const rendered = renderMessageHtml(message.html, BLOCKED);
      expectSafe(rendered.html);
      expectStable(rendered.html);
    }
    if (message.text !== null) expectSafeText(message.text);
    for (const attachment of message.attachments) {
      const headers = attachmentResponseHeaders({ ...attachment, inline: true });
      expectSafeHeaders(headers);
    }
    if (testCase.forbidden.includes('sender-spoofing')) {
      expect(displayNameWarning(message.from?.name ?? null, message.from?.address ?? null)).toContain(
        'attacker@attacker.example',
      );
    }
  });

  it('blocks the remote images of the privacy cases and says so', () => {
    for (const file of ['privacy-ui/tracking-pixel-img.html', 'privacy-ui/background-attributes.html']) {
      const rendered = renderMessageHtml(xssFile(file).toString('utf8'), BLOCKED);
      expect(rendered).toMatchObject({ hasRemoteContent: true });
      expect(rendered.blockedImages).toBeGreaterThanOrEqual(2);
    }
  });
});

function body(html: string): HTMLElement {
  const document = new window.DOMParser().parseFromString('<!doctype html><body></body>', 'text/html');
  document.body.innerHTML = html;
  return document.body;
}

/** The output as the frame's body: nothing active, nothing that loads from elsewhere, nothing navigating away. */
function expectSafe(html: string): void {
  for (const element of Array.from(body(html).querySelectorAll('*'))) {
    const tag = element.localName.toLowerCase();
    expect(FORBIDDEN_TAGS.has(tag), `<${tag}> in ${html}`).toBe(false);
    expect(element.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
    for (const { name, value } of Array.from(element.attributes)) {
      expect(name, `${name} on <${tag}>`).not.toMatch(
        /^on|^(?:xmlns|srcset|srcdoc|ping|name|formaction|action|poster|usemap)$/i,
      );
      if (name === 'target') expect(`${tag} ${value}`).toBe('a _blank');
      if (URL_ATTRIBUTES.includes(name)) expectSafeUrl(tag, name, value);
      else if (name === 'style') {
        expect(value).not.toMatch(UNSAFE_CSS);
        expectCssUrlsOurs(value);
      } else if (name !== 'alt' && name !== 'title') {
        // Text for people (alt, title) may mention a URL; no other attribute may hold one.
        expect(value, `${name} on <${tag}>`).not.toMatch(/(?:https?:)?\/\/|javascript:|vbscript:|data:/i);
      }
    }
    if (tag === 'style') {
      expect(element.textContent).not.toMatch(UNSAFE_CSS);
      expectCssUrlsOurs(element.textContent ?? '');
    }
    if (tag === 'a' && element.hasAttribute('href')) {
      expect(element.getAttribute('target')).toBe('_blank');
      expect(element.getAttribute('rel')).toBe('noopener noreferrer');
    }
  }
}

function expectSafeUrl(tag: string, name: string, value: string): void {
  const url = value.replace(/[\s\u0000-\u001f]/g, '');
  if (tag === 'a' && name === 'href') {
    expect(url).toMatch(/^(?:https?:\/\/|mailto:|tel:)/i);
    expect(new URL(url).href).toBe(url);
  } else if ((tag === 'img' && name === 'src') || name === 'background') {
    expect(url).toMatch(OUR_IMAGE);
  } else {
    expect.fail(`${name}="${value}" on <${tag}>`);
  }
}

/** With remote content blocked, a CSS url() may only point at our attachments or a data: image. */
function expectCssUrlsOurs(css: string): void {
  for (const match of css.matchAll(/url\(\s*["']?([^"')]*)/gi)) expect(match[1]).toMatch(OUR_IMAGE);
}

/**
 * mXSS: the output, parsed and serialised again, is the same markup, and sanitising it again changes nothing.
 * The second render maps cid: to a data: image, so that our own attachment URLs (relative, which a message
 * may not use itself) do not count as a change.
 */
function expectStable(html: string): void {
  expect(body(html).innerHTML).toBe(html);
  const withDataCids = renderMessageHtml(html.replace(/\/api\/mail\/attachments\/[^"]+/g, 'cid:x'), {
    cidUrl: () => 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
    allowRemoteImages: false,
  }).html;
  expect(renderMessageHtml(withDataCids, BLOCKED).html).toBe(withDataCids);
}

function expectControlKept(html: string): void {
  const root = body(html);
  expect(root.querySelector('table[role="presentation"] td[align="center"]')).not.toBeNull();
  expect(root.querySelector('table')?.getAttribute('style')).toBe(
    'background-color: #f4f4f4; font-family: Arial,sans-serif',
  );
  expect(root.querySelector('h1')?.getAttribute('style')).toContain('color: #333');
  expect(root.querySelector('img[alt="Logo"]')?.getAttribute('src')).toBe(
    '/api/mail/attachments/logo%40example.com?inline=1',
  );
  expect(root.querySelector('img[src^="data:image/gif;base64,"]')).not.toBeNull();
  // By hand: jsdom's selector engine does not match an attribute value holding "&".
  const links = Array.from(root.querySelectorAll('a'), (a) => [a.getAttribute('href'), a.textContent]);
  expect(links).toEqual([
    ['https://example.com/news?id=1&src=mail', 'full story'],
    ['mailto:news@example.com?subject=Hello', 'reply'],
  ]);
}

/** A plain-text body as React will render it: every character kept, links only to http(s) and mailto. */
function expectSafeText(text: string): void {
  const tokens = linkifyText(text);
  expect(tokens.map((token) => token.value).join('')).toBe(text);
  for (const token of tokens) {
    if (token.kind === 'link') expect(token.href).toMatch(/^(?:https?:\/\/|mailto:)[^"'<>\s]*$/);
  }
}

function expectSafeHeaders(headers: Record<string, string>): void {
  for (const value of Object.values(headers)) expect(value).not.toMatch(/[\r\n\0]/);
  expect(headers['Content-Type']).toMatch(/^(?:application\/octet-stream|image\/(?:png|jpeg|gif|webp|bmp|avif))$/);
  expect(headers['X-Content-Type-Options']).toBe('nosniff');
  const fallback = /filename="([^"]*)"/.exec(headers['Content-Disposition'] ?? '')?.[1] ?? '';
  expect(fallback).not.toMatch(/[/\\<>]|^\.|\.\./);
}
