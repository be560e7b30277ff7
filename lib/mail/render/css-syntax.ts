// Just enough CSS structure to take a style sheet apart into rules and declarations. It does not need to
// read CSS exactly as a browser does: every piece we keep is checked on its own and written back out by us,
// so a misreading can only lose styling, never let something through.

/** Comments removed (outside strings); an unterminated comment takes the rest of the text with it. */
export function stripComments(css: string): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const ch = css[i];
    if (ch === '"' || ch === "'") {
      const end = stringEnd(css, i);
      out += css.slice(i, end);
      i = end;
    } else if (ch === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2);
      if (close < 0) break;
      i = close + 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Index just past the string starting at `start` (a quote); one past the text's end if it never closes. */
function stringEnd(css: string, start: number): number {
  const quote = css[start];
  for (let i = start + 1; i < css.length; i++) {
    if (css[i] === '\\') i += 1;
    else if (css[i] === quote) return i + 1;
  }
  return css.length + 1;
}

/**
 * Index of the first character of `stops` that is outside strings, parentheses and braces (a stop that is
 * itself an opening brace still counts at depth 0), or the text's length.
 */
export function findTopLevel(css: string, from: number, stops: string): number {
  let depth = 0;
  for (let i = from; i < css.length; i++) {
    const ch = css[i] ?? '';
    if (depth === 0 && stops.includes(ch)) return i;
    if (ch === '"' || ch === "'") i = stringEnd(css, i) - 1;
    else if (ch === '(' || ch === '{' || ch === '[') depth += 1;
    else if ((ch === ')' || ch === '}' || ch === ']') && depth > 0) depth -= 1;
  }
  return css.length;
}

/** Index of the `}` closing the block opened at `open`, or the text's length (a browser closes it there). */
export function blockEnd(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const ch = css[i];
    if (ch === '"' || ch === "'") i = stringEnd(css, i) - 1;
    else if (ch === '{') depth += 1;
    else if (ch === '}' && --depth === 0) return i;
  }
  return css.length;
}

/** The text cut at every top-level `separator`. */
export function splitTopLevel(css: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start <= css.length) {
    const end = findTopLevel(css, start, separator);
    parts.push(css.slice(start, end));
    start = end + 1;
  }
  return parts;
}

/**
 * The text with each string's content replaced by spaces, or null when a string is unterminated or holds a
 * line break, or brackets do not balance: such a piece is dropped rather than guessed at.
 */
export function blankStrings(css: string): string | null {
  let out = '';
  const open: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < css.length; i++) {
    const ch = css[i] ?? '';
    if (ch === '"' || ch === "'") {
      const end = stringEnd(css, i);
      const content = css.slice(i + 1, end - 1);
      if (end > css.length || /[\n\r\f]/.test(content)) return null;
      out += ch + ' '.repeat(content.length) + ch;
      i = end - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') open.push(ch);
    else if (ch in pairs && open.pop() !== pairs[ch]) return null;
    out += ch;
  }
  return open.length === 0 ? out : null;
}
