import { decodeEntities } from '../parse/decode-entities';

/** Said above a message shown as its text because its HTML is past what we sanitize (or the sanitizer gave up). */
export const TOO_COMPLEX_NOTICE = 'This message is too complex to show formatted; it is shown as plain text.';
export const TOO_COMPLEX_NOTE = `<p><em>${TOO_COMPLEX_NOTICE}</em></p>`;
export const TRUNCATED_NOTE = '<hr><p><em>This message is too long to show in full.</em></p>';
/** What is rendered of a message's HTML (bound-html.ts) or, in its place, of its text (up to 25 MB). */
export const MAX_HTML_LENGTH = 2 * 1024 * 1024;
// C0 controls other than whitespace. ESC in particular: it lets a browser guess ISO-2022-JP and read the
// markup differently from us; the frame declares UTF-8, but nothing in mail needs these characters.
export const CONTROLS = /[\0-\x08\x0b\x0e-\x1f\x7f]/g;

/** The text of some HTML in linear time: the tags and style sheets and scripts dropped, line breaks kept. */
export function htmlAsPlainText(html: string): string {
  return decodeEntities(withoutSheetsAndScripts(html.slice(0, MAX_HTML_LENGTH)).replace(/<[^>]*>?/g, ' '))
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

/**
 * `<style>` and `<script>` elements removed with their content. Each end tag is searched for once, forward
 * from its start tag; one that is not there is not searched for again (a lazy regular expression would search
 * to the end for every start tag: quadratic), and the rest is left as it is.
 */
function withoutSheetsAndScripts(html: string): string {
  const start = /<(style|script)[\s>/]/gi;
  const unclosed = new Set<string>();
  let out = '';
  let kept = 0;
  for (let match = start.exec(html); match; match = start.exec(html)) {
    const name = (match[1] ?? '').toLowerCase();
    if (unclosed.has(name)) continue;
    const end = new RegExp(`</${name}`, 'gi');
    end.lastIndex = start.lastIndex;
    const found = end.exec(html);
    if (!found) {
      unclosed.add(name);
      continue;
    }
    out += html.slice(kept, match.index);
    kept = found.index;
    start.lastIndex = found.index;
  }
  return out + html.slice(kept);
}

/** Text shown as it is, lines and runs of spaces kept, as one block of escaped HTML. */
export function plainTextBlock(text: string): { html: string; truncated: boolean } {
  const truncated = text.length > MAX_HTML_LENGTH;
  return {
    html: `<div style="white-space: pre-wrap">${escapeHtml(text.slice(0, MAX_HTML_LENGTH).replace(CONTROLS, ''))}</div>`,
    truncated,
  };
}

/**
 * The reading pane's answer for a message too complex to sanitize: the notice and its text, the text body
 * when it has one (what the sender wrote for text-only readers), else the text of the HTML.
 */
export function plainTextMessage(options: { html: string; textBody?: string | null }): {
  html: string;
  truncated: boolean;
} {
  const fromHtml = !/\S/.test(options.textBody ?? '');
  const block = plainTextBlock(fromHtml ? htmlAsPlainText(options.html) : (options.textBody ?? ''));
  const truncated = block.truncated || (fromHtml && options.html.length > MAX_HTML_LENGTH);
  return { html: TOO_COMPLEX_NOTE + block.html + (truncated ? TRUNCATED_NOTE : ''), truncated };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
