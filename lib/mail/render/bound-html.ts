import { parse, serialize, type DefaultTreeAdapterTypes as Tree } from 'parse5';
import { decodeEntities } from '@/lib/mail/parse/decode-entities';
import { depthLimitedAdapter, limitElement, limitTree, TooDeepError } from './html-tree-limits';

export const MAX_HTML_LENGTH = 2 * 1024 * 1024;
// C0 controls other than whitespace. ESC in particular: it lets a browser guess ISO-2022-JP and read the
// markup differently from us; the frame declares UTF-8, but nothing in mail needs these characters.
const CONTROLS = /[\0-\x08\x0b\x0e-\x1f\x7f]/g;
const SERIALIZE = { scriptingEnabled: false };
// A newsletter has one to a few style sheets in its head; thousands would each cost jsdom an element.
const MAX_HEAD_STYLES = 20;

export type BoundedHtml = { html: string; truncated: boolean };

/**
 * The message HTML as one body fragment for the sanitiser, read by parse5 (fast, iterative) and cut to a
 * size jsdom handles quickly: its head `<style>` sheets first (a sanitiser reading only the body would lose
 * them), then the body, in a `<div>` carrying the body's own colours. HTML nested beyond reason is shown as
 * its text.
 */
export function boundHtml(html: string): BoundedHtml {
  const truncated = html.length > MAX_HTML_LENGTH;
  const input = html.slice(0, MAX_HTML_LENGTH).replace(CONTROLS, '');
  let document: Tree.Document;
  try {
    // Scripting off, as in the sandboxed frame: <noscript> content is markup there, so it is here too.
    document = parse(input, { scriptingEnabled: false, treeAdapter: depthLimitedAdapter() });
  } catch (error) {
    if (error instanceof TooDeepError) return { html: asText(input), truncated };
    throw error;
  }
  const root = document.childNodes.find((node) => node.nodeName === 'html');
  const parts = root && 'childNodes' in root ? root.childNodes : [];
  const head = parts.find((node): node is Tree.Element => node.nodeName === 'head');
  const body = parts.find((node): node is Tree.Element => node.nodeName === 'body');
  const styles = (head?.childNodes ?? [])
    .filter((node): node is Tree.Element => node.nodeName === 'style')
    .slice(0, MAX_HEAD_STYLES);
  styles.forEach(limitElement);
  let out = styles.map((style) => `<style>${serialize(style, SERIALIZE)}</style>`).join('');
  if (body) {
    limitTree(body);
    const wrapper = wrapperTag(body.attrs);
    const content = serialize(body, SERIALIZE);
    out += wrapper ? `${wrapper}${content}</div>` : content;
  }
  return { html: out, truncated };
}

/**
 * Fallback in linear time: the tags dropped, the text kept with its line breaks. (No special case for the
 * text of <style> or <script>: a lazy match for their end tag would make this quadratic again.)
 */
function asText(html: string): string {
  const text = decodeEntities(html.replace(/<[^>]*>?/g, ' '));
  return `<div style="white-space: pre-wrap">${escapeHtml(text.replace(/[ \t]+/g, ' ').trim())}</div>`;
}

function wrapperTag(attrs: Tree.Element['attrs']): string | null {
  const value = (name: string) => attrs.find((attr) => attr.name === name)?.value.trim() ?? '';
  const color = (name: string, property: string) =>
    /^#?[a-z0-9]{1,20}$/i.test(value(name)) ? `${property}: ${value(name)}; ` : '';
  const style = `${color('bgcolor', 'background-color')}${color('text', 'color')}${value('style')}`.trim();
  const copied = [['style', style], ['class', value('class')], ['dir', value('dir')], ['lang', value('lang')]];
  const written = copied.filter(([, text]) => text).map(([name, text]) => ` ${name}="${escapeHtml(text ?? '')}"`);
  return written.length > 0 ? `<div${written.join('')}>` : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
