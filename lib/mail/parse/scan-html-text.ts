import { decodeEntities } from './decode-entities';

export type HtmlTextSink = {
  /** Visible text, entities decoded. */
  text(segment: string): void;
  /** A tag that separates words (</p>, <br>, <td>…) was passed. */
  blockBoundary(): void;
  /** Checked between segments: true stops the scan. */
  done(): boolean;
};

// Only for the snippet: a single forward pass, no DOM, so pathological HTML (deep nesting, half a megabyte of
// unclosed tags) costs linear time and no stack. What is shown to people goes through the sanitiser instead.
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'img',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
// Elements whose content is not visible text. An unclosed <script>/<style> swallows the rest of the document
// as a browser would; an unclosed <head>/<title> only drops the tag, since broken mail often never closes them.
const HIDDEN = new Set(['head', 'noscript', 'script', 'style', 'template', 'title', 'xml']);
const SWALLOWS_REST = new Set(['script', 'style']);
const TAG_NAME = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/;
const TEXT_SLICE = 4096;

export function scanHtmlText(html: string, sink: HtmlTextSink): void {
  // Hidden elements known to have no closing tag from here on: without this, thousands of unclosed <title>s
  // would each search to the end of the document (quadratic).
  const unclosed = new Set<string>();
  let position = 0;
  while (position < html.length && !sink.done()) {
    const open = html.indexOf('<', position);
    const textEnd = open < 0 ? html.length : open;
    if (textEnd > position) emitText(html, position, textEnd, sink);
    if (open < 0) return;
    position = skipMarkup(html, open, sink, unclosed);
  }
}

function emitText(html: string, start: number, end: number, sink: HtmlTextSink): void {
  while (start < end && !sink.done()) {
    let sliceEnd = Math.min(end, start + TEXT_SLICE);
    // Don't cut an entity in two: end the slice before a trailing "&…" that has no ";" yet. Only the last 40
    // characters are searched: lastIndexOf over the whole document made text without "&" quadratic.
    const tail = Math.max(start, sliceEnd - 40);
    const found = html.slice(tail, sliceEnd).lastIndexOf('&');
    const amp = found < 0 ? -1 : tail + found;
    if (sliceEnd < end && amp > start && !html.slice(amp, sliceEnd).includes(';')) sliceEnd = amp;
    sink.text(decodeEntities(html.slice(start, sliceEnd)));
    start = sliceEnd;
  }
}

/** Returns the position after the markup that starts at `open`. */
function skipMarkup(html: string, open: number, sink: HtmlTextSink, unclosed: Set<string>): number {
  if (html.startsWith('<!--', open)) return after(html, '-->', open + 4);
  const tag = TAG_NAME.exec(html.slice(open, open + 64));
  if (!tag) {
    const next = html.charAt(open + 1);
    // <!DOCTYPE>, <![CDATA[…]]>, <?xml?>: declarations, not text. Anything else is a literal "<".
    if (next === '!' || next === '?') return after(html, '>', open + 2);
    sink.text('<');
    return open + 1;
  }
  const end = tagEnd(html, open + tag[0].length);
  const name = (tag[2] ?? '').toLowerCase();
  const closing = tag[1] === '/';
  if (BLOCK.has(name)) sink.blockBoundary();
  if (closing || !HIDDEN.has(name)) return end;
  const close = unclosed.has(name) ? null : new RegExp(`</${name}[\\s>/]`, 'gi');
  if (close) close.lastIndex = end;
  const found = close?.exec(html);
  if (found) return after(html, '>', found.index);
  unclosed.add(name);
  return SWALLOWS_REST.has(name) ? html.length : end;
}

/** The position after the tag's closing ">", ignoring ">" inside quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  let previous = '';
  for (let i = from; i < html.length; i++) {
    const char = html.charAt(i);
    if (quote) {
      if (char === quote) quote = '';
    } else if ((char === '"' || char === "'") && previous === '=') {
      // Quotes only delimit a value right after "="; an apostrophe inside an unquoted value is data.
      quote = char;
    } else if (char === '>') {
      return i + 1;
    }
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') previous = char;
  }
  return html.length;
}

function after(html: string, needle: string, from: number): number {
  const index = html.indexOf(needle, from);
  return index < 0 ? html.length : index + needle.length;
}
