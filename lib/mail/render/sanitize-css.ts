import { blankStrings, blockEnd, findTopLevel, splitTopLevel, stripComments } from './css-syntax';

/** The URL to write for a `url()` found in message CSS, or null to drop the declaration that holds it. */
export type CssUrlPolicy = (url: string) => string | null;

// Functions that compute values and never fetch anything. Everything else (image-set(), image(), src(),
// element(), cross-fade(), attr(), paint(), expression() …) is dropped with its declaration; url() is checked.
const SAFE_FUNCTIONS = new Set(
  (
    'rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix calc min max clamp var env linear-gradient ' +
    'radial-gradient conic-gradient repeating-linear-gradient repeating-radial-gradient repeating-conic-gradient ' +
    'translate translatex translatey translate3d rotate rotatex rotatey rotatez scale scalex scaley skew skewx ' +
    'skewy matrix matrix3d perspective cubic-bezier steps blur brightness contrast drop-shadow grayscale ' +
    'hue-rotate invert opacity saturate sepia rect inset circle ellipse polygon counter counters minmax repeat ' +
    'fit-content format local'
  ).split(' '),
);
// Properties that run code or bind behaviour in some engine, whatever their value.
const BANNED_PROPERTIES = new Set(['behavior', '-ms-behavior', '-moz-binding', '-o-link', '-o-link-source']);
// Message content stays in the flow: fixed, absolute and sticky boxes can lay a fake dialog over the message.
const ALLOWED_POSITIONS = new Set(['static', 'relative']);
const PROPERTY = /^(?:--|-)?[a-z][a-z0-9-]*$/i;
const FUNCTION = /([a-z_-][\w-]*)\s*\(/gi;
// A backslash is a CSS escape, the usual way to hide "url(" or "@import" from filters; no control characters.
const UNSAFE_TEXT = /[\\<>{}\0-\x08\x0b\x0e-\x1f\x7f]|(?:java|vb)script:|expression|@import/i;
// Selectors and media queries load nothing; they may hold `>` (child combinator), not the rest.
const UNSAFE_PRELUDE = /[\\<{};\0-\x08\x0b\x0e-\x1f\x7f]|(?:java|vb)script:|expression|@import/i;
const MAX_BLOCK_DEPTH = 2;
// Far beyond real mail (inline styles of a few hundred characters, sheets of a few hundred rules), and
// enough to keep a hostile message from handing jsdom megabytes of CSS to parse.
const MAX_DECLARATIONS_LENGTH = 32 * 1024;
const MAX_RULES = 3_000;

/** A `style` attribute's declarations, each kept only if it is plain, in-flow and loads nothing unchecked. */
export function sanitizeDeclarations(css: string, policy: CssUrlPolicy): string {
  if (css.length > MAX_DECLARATIONS_LENGTH) return '';
  const kept: string[] = [];
  for (const piece of splitTopLevel(stripComments(css), ';')) {
    const declaration = sanitizeDeclaration(piece, policy);
    if (declaration) kept.push(declaration);
  }
  return kept.join('; ');
}

/**
 * A `<style>` element's text rebuilt from its plain rules, `@media` and `@supports` blocks; every other
 * at-rule (`@import`, `@font-face`, `@keyframes`, `@page` …) is dropped. `#id` selectors get `idPrefix`,
 * matching the prefix the message's id attributes get.
 */
export function sanitizeStylesheet(css: string, policy: CssUrlPolicy, idPrefix: string): string {
  return sanitizeRules(stripComments(css), policy, idPrefix, 0).slice(0, MAX_RULES).join('\n');
}

function sanitizeRules(css: string, policy: CssUrlPolicy, idPrefix: string, depth: number): string[] {
  const rules: string[] = [];
  let i = 0;
  while (i < css.length && rules.length < MAX_RULES) {
    const open = findTopLevel(css, i, css[i] === '@' ? '{;' : '{;}');
    if (open >= css.length) break;
    if (css[open] !== '{') {
      i = open + 1;
      continue;
    }
    const close = blockEnd(css, open);
    const prelude = css.slice(i, open).trim();
    const block = css.slice(open + 1, close);
    i = close + 1;
    if (!plainPrelude(prelude)) continue;
    if (prelude.startsWith('@')) {
      if (!/^@(?:media|supports)[\s(]/i.test(prelude) || depth >= MAX_BLOCK_DEPTH) continue;
      const inner = sanitizeRules(block, policy, idPrefix, depth + 1);
      if (inner.length > 0) rules.push(`${prelude} {\n${inner.join('\n')}\n}`);
      continue;
    }
    const declarations = sanitizeDeclarations(block, policy);
    if (declarations) rules.push(`${prefixIds(prelude, idPrefix)} { ${declarations} }`);
  }
  return rules;
}

function plainPrelude(prelude: string): boolean {
  return (
    prelude.length > 0 && prelude.length <= 2000 && !UNSAFE_PRELUDE.test(prelude) && blankStrings(prelude) !== null
  );
}

function sanitizeDeclaration(piece: string, policy: CssUrlPolicy): string | null {
  const colon = piece.indexOf(':');
  if (colon < 0) return null;
  const property = piece.slice(0, colon).trim().toLowerCase();
  let value = piece.slice(colon + 1).trim();
  if (!PROPERTY.test(property) || BANNED_PROPERTIES.has(property) || !value || UNSAFE_TEXT.test(value)) return null;
  if (
    property === 'position' &&
    !ALLOWED_POSITIONS.has(
      value
        .replace(/!\s*important$/i, '')
        .trim()
        .toLowerCase(),
    )
  ) {
    return null;
  }
  const blank = blankStrings(value);
  if (blank === null) return null;
  // Rewrite url()s from the last to the first, so earlier positions stay valid.
  const calls = Array.from(blank.matchAll(FUNCTION));
  for (const call of calls.reverse()) {
    const name = (call[1] ?? '').toLowerCase();
    if (name !== 'url') {
      if (!SAFE_FUNCTIONS.has(name)) return null;
      continue;
    }
    const start = call.index + call[0].length;
    const end = findTopLevel(value, start, ')');
    const replacement = policy(unquote(value.slice(start, end).trim()));
    if (replacement === null || /["\\\s<>]/.test(replacement)) return null;
    value = `${value.slice(0, call.index)}url("${replacement}")${value.slice(end + 1)}`;
  }
  return `${property}: ${value}`;
}

function unquote(text: string): string {
  const quoted = /^(["'])([\s\S]*)\1$/.exec(text);
  return quoted ? (quoted[2] ?? '') : text;
}

/** `#name` outside attribute selectors and strings becomes `#<prefix>name`, once. */
function prefixIds(selector: string, prefix: string): string {
  let out = '';
  let bracket = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i] ?? '';
    if (ch === '[') bracket += 1;
    else if (ch === ']') bracket = Math.max(0, bracket - 1);
    out += ch;
    if (ch === '#' && bracket === 0 && /[\w-]/.test(selector[i + 1] ?? '') && !selector.startsWith(prefix, i + 1)) {
      out += prefix;
    }
  }
  return out;
}
