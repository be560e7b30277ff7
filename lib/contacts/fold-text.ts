import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * Matching what people type against names and addresses regardless of case and accents: "emi" finds
 * "Émilie", "nguyen" "Nguyễn", "dang" "Đặng". The database has no unaccent extension, and translate() over a
 * table of every accented letter costs a quarter of a millisecond a row; so the typed text is turned into a
 * regular expression instead, each letter a class of all its accented and cased forms, made here from
 * Unicode's own decompositions. PostgreSQL compiles it once per query.
 */
const EXTRA: Record<string, string> = { đ: 'd', Đ: 'D', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', ħ: 'h', Ħ: 'H' };

function buildVariants(): Map<string, string> {
  const variants = new Map<string, string>();
  const add = (base: string, char: string) => variants.set(base, (variants.get(base) ?? base) + char);
  for (let code = 0x41; code <= 0x5a; code++) add(String.fromCharCode(code + 32), String.fromCharCode(code));
  // Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional (Vietnamese lives there).
  for (const [start, end] of [
    [0x00c0, 0x024f],
    [0x1e00, 0x1eff],
  ] as const)
    for (let code = start; code <= end; code++) {
      const char = String.fromCodePoint(code);
      const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      if (base !== char && base.length === 1 && /[a-z]/.test(base)) add(base, char);
    }
  for (const [char, base] of Object.entries(EXTRA)) add(base.toLowerCase(), char);
  return variants;
}

const variants = buildVariants();

/** Lower case without diacritics: the form both sides are compared in. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/./gu, (c) => EXTRA[c] ?? c)
    .toLowerCase();
}

// Everything that is not a letter or digit is escaped: the typed text is never regex syntax.
const literal = (char: string) => (/[\p{L}\p{N}]/u.test(char) ? char : `\\${char}`);

/** A PostgreSQL regular expression matching text whose start, or the start of one of its words, is `folded`. */
export function wordPrefixRegex(folded: string, options: { wordStarts: boolean }): string {
  const body = [...folded].map((c) => (variants.has(c) ? `[${variants.get(c)}]` : literal(c))).join('');
  // A word starts after a space, a hyphen (Marie-Claire), an apostrophe or an opening quote or bracket.
  return options.wordStarts ? `(^|[[:space:]'"(.\\-])${body}` : `^${body}`;
}

export function matchesSql(value: SQLWrapper | SQL, regex: string): SQL<boolean> {
  return sql<boolean>`(coalesce(${value}, '') ~ ${regex})`;
}
