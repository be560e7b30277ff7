import type { Config, DOMPurify } from 'dompurify';
import { createPurifier } from './dom-window';

// What our compose editor produces. Anything else came from a paste and is not ours to send on: recipients'
// mail clients render it, and a paste can carry scripts, trackers or styles that break their layout.
const TAGS = ['p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'a', 'ul', 'ol', 'li', 'blockquote',
  'h1', 'h2', 'h3', 'pre', 'code'];
const SAFE_HREF = /^(?:https?:|mailto:)/i;
const MAX_LENGTH = 2 * 1024 * 1024;

const CONFIG: Config = {
  ALLOWED_TAGS: TAGS,
  ALLOWED_ATTR: ['href'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
  RETURN_TRUSTED_TYPE: false,
};

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

/** The compose editor's HTML, reduced to the formatting we send. */
export function sanitizeOutgoingHtml(html: string): string {
  return outgoingPurifier().sanitize(html.slice(0, MAX_LENGTH), CONFIG);
}
