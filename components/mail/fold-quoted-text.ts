import type { TextToken } from '@/lib/mail/render/linkify-text';

export type TextSegment = { quoted: boolean; tokens: TextToken[] };

const QUOTED_LINE = /^[ \t]*>/;

/**
 * A plain-text body cut into runs of its own lines and of quoted ones (lines starting with ">", as mail
 * clients quote a reply), so the reading pane can fold the quotes. Tokens are split at line ends; joined back,
 * the segments give the text unchanged.
 */
export function foldQuotedText(tokens: TextToken[]): TextSegment[] {
  const lines: TextToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'link') {
      lines.at(-1)!.push(token);
      continue;
    }
    const parts = token.value.split(/(?<=\n)/);
    parts.forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines.at(-1)!.push({ kind: 'text', value: part });
    });
    if (token.value.endsWith('\n')) lines.push([]);
  }
  const segments: TextSegment[] = [];
  for (const line of lines) {
    if (line.length === 0) continue;
    const quoted = QUOTED_LINE.test(line.map((t) => t.value).join(''));
    const last = segments.at(-1);
    // A blank line between two quoted blocks stays inside the fold rather than showing as a lone gap.
    if (last && last.quoted === quoted) last.tokens.push(...line);
    else segments.push({ quoted, tokens: [...line] });
  }
  return segments;
}
