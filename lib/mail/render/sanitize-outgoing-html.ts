import type { Config, DOMPurify } from 'dompurify';
import { boundHtml } from './bound-html';
import { createPurifier } from './dom-window';
import { escapeHtml, htmlAsPlainText, MAX_HTML_LENGTH } from './plain-text-fallback';

// What our compose editor produces. Anything else came from a paste or a quoted message and is not ours to send
// on: recipients' mail clients render it, and it can carry scripts, trackers or styles that break their layout.
const TAGS = new Set([
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'pre',
  'code',
]);
const SAFE_HREF = /^(?:https?:|mailto:)/i;

const CONFIG: Config = {
  ALLOWED_TAGS: [...TAGS],
  ALLOWED_ATTR: ['href'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
  RETURN_TRUSTED_TYPE: false,
};

/** `plainText`: the HTML was too complex to sanitize, and `html` is this text, escaped, line by line. */
export type OutgoingHtml = { html: string; plainText: string | null };

let purifier: DOMPurify | null = null;

function outgoingPurifier(): DOMPurify {
  if (purifier) return purifier;
  const instance = createPurifier();
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    // DOMPurify's own URI check allows more (ftp:, relative links); a sent link must work outside our app.
    if (href !== null && !SAFE_HREF.test(href.trim())) node.removeAttribute('href');
  });
  purifier = instance;
  return instance;
}

/**
 * HTML reduced to the formatting we send: the compose editor's, a signature, or a message being quoted. It is
 * bounded as the reading pane bounds a message (bound-html.ts); past those bounds it becomes its text, the
 * text body when the caller has one (`textBody`, a quoted message's own), else the text of the HTML.
 */
export function sanitizeOutgoingHtml(html: string, options: { textBody?: string | null } = {}): OutgoingHtml {
  const bounded = boundHtml(html, { allowedTags: TAGS });
  if (bounded.tooComplex) return outgoingAsText(html, options);
  return { html: outgoingPurifier().sanitize(bounded.html, CONFIG), plainText: null };
}

/** Outgoing HTML as its text, escaped, line by line: the text body when there is one, else the HTML's text. */
export function outgoingAsText(html: string, options: { textBody?: string | null } = {}): OutgoingHtml {
  const textBody = (options.textBody ?? '').slice(0, MAX_HTML_LENGTH);
  const plainText = /\S/.test(textBody) ? textBody : htmlAsPlainText(html);
  return { html: escapeHtml(plainText).replace(/\r?\n/g, '<br>\n'), plainText };
}
