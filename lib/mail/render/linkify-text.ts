import LinkifyIt from 'linkify-it';

export type TextToken = { kind: 'text'; value: string } | { kind: 'link'; href: string; value: string };

// Plain-text bodies can be megabytes; past this many links the rest stays text.
const MAX_LINKS = 2_000;
const PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

let linkify: LinkifyIt | null = null;

function linkifier(): LinkifyIt {
  // Only http(s) and mailto become links, and bare "www.example.com" / "a@example.com" (read as http: and
  // mailto:); ftp: and protocol-relative "//host" stay text.
  linkify ??= new LinkifyIt().add('ftp:', null).add('//', null);
  return linkify;
}

/**
 * A plain-text body cut into text and links, for React to render (so nothing here is ever HTML). The href is
 * the URL as a browser would read it: markup or quotes in it are percent-encoded, never attributes.
 */
export function linkifyText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let position = 0;
  for (const match of (linkifier().match(text) ?? []).slice(0, MAX_LINKS)) {
    const href = safeHref(match.url);
    if (href === null) continue;
    if (match.index > position) tokens.push({ kind: 'text', value: text.slice(position, match.index) });
    tokens.push({ kind: 'link', href, value: text.slice(match.index, match.lastIndex) });
    position = match.lastIndex;
  }
  if (position < text.length) tokens.push({ kind: 'text', value: text.slice(position) });
  return mergeText(tokens);
}

function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Adjacent text tokens (left by a skipped match) joined, so the output is the same however it was cut. */
function mergeText(tokens: TextToken[]): TextToken[] {
  const merged: TextToken[] = [];
  for (const token of tokens) {
    const last = merged[merged.length - 1];
    if (token.kind === 'text' && last?.kind === 'text') last.value += token.value;
    else merged.push({ ...token });
  }
  return merged;
}
