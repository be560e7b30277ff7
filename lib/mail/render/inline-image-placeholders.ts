import { randomBytes } from 'node:crypto';
import type { UrlPlace } from './message-urls';
import { escapeHtml } from './plain-text-fallback';

// A cached render is shared by every reader of the message, but an inline image's URL is signed for one user
// (inline-image-link.ts), so the render holds placeholders, resolved on each request. Each render marks them
// with a random token of its own, made after the message was written, so no message can contain one: a
// look-alike in its content is left as it is.
const TOKEN = /^[0-9a-f]{32}$/;
// What a URL written into a `<style>` sheet may hold: nothing that ends a CSS string or the element.
const SHEET_SAFE = /^[\w:/.?&=%~+-]*$/;

export function newPlaceholderToken(): string {
  return randomBytes(16).toString('hex');
}

/** What the sanitizer writes for an inline image: an https URL, so it passes the URL checks like the real one. */
export function inlineImagePlaceholder(token: string, place: UrlPlace, attachmentId: number): string {
  return `https://cid.invalid/${token}/${place === 'style-sheet' ? 's' : 'a'}${attachmentId}`;
}

/**
 * The render with its placeholders replaced by `urlFor(attachmentId)`, escaped for where each one stands, or
 * emptied (an image that does not load) when `urlFor` has no URL for it.
 */
export function resolveInlineImagePlaceholders(
  html: string,
  token: string,
  urlFor: (attachmentId: number) => string | null,
): string {
  if (!TOKEN.test(token)) throw new Error('Not a placeholder token');
  const placeholder = new RegExp(`https://cid\\.invalid/${token}/([as])(\\d{1,15})`, 'g');
  return html.replace(placeholder, (_, place: string, id: string) => {
    const url = urlFor(Number(id));
    if (url === null) return '';
    if (place === 'a') return escapeHtml(url);
    return SHEET_SAFE.test(url) ? url : '';
  });
}
