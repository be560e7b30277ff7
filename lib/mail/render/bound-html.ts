import { parse, serialize, type DefaultTreeAdapterTypes as Tree } from 'parse5';
import { depthLimitedAdapter, limitElement, limitTree, TooDeepError } from './html-tree-limits';
import { CONTROLS, escapeHtml, MAX_HTML_LENGTH } from './plain-text-fallback';
import { unwrapElements } from './unwrap-elements';

export { MAX_HTML_LENGTH };
// Start tags parse5 may read. It takes about 10 µs a tag (more in deep tables), and all but MAX_ELEMENTS of
// them are flattened afterwards anyway; real mail has a few hundred to a few thousand.
export const MAX_START_TAGS = 20_000;
const SERIALIZE = { scriptingEnabled: false };
// A newsletter has one to a few style sheets in its head; thousands would each cost jsdom an element.
const MAX_HEAD_STYLES = 20;

/** `tooComplex`: more tags or deeper nesting than we sanitize; `html` is empty and the caller shows text. */
export type BoundedHtml = { html: string; truncated: boolean; tooComplex: boolean };

/**
 * The message HTML as one body fragment for the sanitiser, read by parse5 (fast, iterative) and cut to a
 * size jsdom handles quickly: its head `<style>` sheets first (a sanitiser reading only the body would lose
 * them), then the body, in a `<div>` carrying the body's own colours. HTML with too many tags or nested
 * beyond reason is refused as too complex. Elements not in `allowedTags` (the sanitiser's) are unwrapped here,
 * where it is cheap (unwrap-elements.ts).
 */
export function boundHtml(html: string, options: { allowedTags: ReadonlySet<string> }): BoundedHtml {
  const truncated = html.length > MAX_HTML_LENGTH;
  const input = html.slice(0, MAX_HTML_LENGTH).replace(CONTROLS, '');
  const tooComplex = { html: '', truncated, tooComplex: true };
  if (startTagsOver(input, MAX_START_TAGS)) return tooComplex;
  let document: Tree.Document;
  try {
    // Scripting off, as in the sandboxed frame: <noscript> content is markup there, so it is here too.
    document = parse(input, { scriptingEnabled: false, treeAdapter: depthLimitedAdapter() });
  } catch (error) {
    if (error instanceof TooDeepError) return tooComplex;
    throw error;
  }
  const root = document.childNodes.find((node) => node.nodeName === 'html');
  const parts = root && 'childNodes' in root ? root.childNodes : [];
  const head = parts.find((node): node is Tree.Element => node.nodeName === 'head');
  const body = parts.find((node): node is Tree.Element => node.nodeName === 'body');
  const styles = (head?.childNodes ?? [])
    .filter((node): node is Tree.Element => node.nodeName === 'style' && options.allowedTags.has('style'))
    .slice(0, MAX_HEAD_STYLES);
  styles.forEach(limitElement);
  let out = styles.map((style) => `<style>${serialize(style, SERIALIZE)}</style>`).join('');
  if (body) {
    limitTree(body);
    unwrapElements(body, options.allowedTags);
    const wrapper = wrapperTag(body.attrs);
    const content = serialize(body, SERIALIZE);
    out += wrapper ? `${wrapper}${content}</div>` : content;
  }
  return { html: out, truncated, tooComplex: false };
}

/** Whether `html` has more than `limit` start tags (`<` and a letter), counted in one pass. */
function startTagsOver(html: string, limit: number): boolean {
  const startTag = /<[a-z]/gi;
  let count = 0;
  while (startTag.exec(html) !== null) if (++count > limit) return true;
  return false;
}

function wrapperTag(attrs: Tree.Element['attrs']): string | null {
  const value = (name: string) => attrs.find((attr) => attr.name === name)?.value.trim() ?? '';
  const color = (name: string, property: string) =>
    /^#?[a-z0-9]{1,20}$/i.test(value(name)) ? `${property}: ${value(name)}; ` : '';
  const style = `${color('bgcolor', 'background-color')}${color('text', 'color')}${value('style')}`.trim();
  const copied = [
    ['style', style],
    ['class', value('class')],
    ['dir', value('dir')],
    ['lang', value('lang')],
  ];
  const written = copied.filter(([, text]) => text).map(([name, text]) => ` ${name}="${escapeHtml(text ?? '')}"`);
  return written.length > 0 ? `<div${written.join('')}>` : null;
}
