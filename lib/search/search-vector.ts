/**
 * Full-text search terms, built in JavaScript rather than with PostgreSQL's to_tsvector: the words of a body
 * are found in the parse workers, beside the import, instead of costing the database ~70 ns per character of
 * every message (to_tsvector over 32,000 characters took longer than the whole rest of an import). Queries
 * must split words the same way, so they use `searchTerms` too.
 */

/** Anything but letters, digits and combining marks: "e-mail" gives "e" and "mail", an address three words. */
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;
// PostgreSQL's limits: a lexeme under 2 KB, positions up to 16,383. Longer "words" are base64 or noise.
const MAX_WORD_LENGTH = 64;
const MAX_POSITION = 16_383;
/**
 * How much of a body is searched. The start of a message is what people remember and search for; what
 * follows in a long one is mostly the quoted thread, and the quoted messages are indexed themselves.
 */
export const MAX_INDEXED_BODY = 16 * 1024;

/** The words of a text as search terms: lowercased, in order, repeats kept. */
export function searchTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(SEPARATORS)
    .filter((word) => word.length > 0 && word.length <= MAX_WORD_LENGTH);
}

export type SearchableText = { subject: string; people: string[]; body: string | null };

/** One code point of a word: a letter, digit or combining mark, what SEPARATORS leaves. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/uy;

/**
 * A tsvector literal of a message: subject terms weighted A, names and addresses B, body C. Each term keeps
 * its first position only, which is all ranking and prefix search need, and keeps the vector small.
 * The words are exactly those of `searchTerms` (its test checks it on random mixed-script text), found by one
 * scan over the lowercased text that classifies ASCII by its code and only other characters by regular
 * expression: it runs once per imported message in the parse workers, where a Unicode split into an array and
 * its garbage cost ~1.7× as much and were the largest cost after decoding.
 */
export function buildSearchVector(input: SearchableText): string {
  const terms = new Map<string, string>();
  let position = 0;
  const add = (text: string, weight: 'A' | 'B' | 'C') => {
    // Lowercased first, then split, as searchTerms does (a lowercase form may be longer than the original).
    const lower = text.toLowerCase();
    let start = -1;
    let i = 0;
    while (i <= lower.length) {
      const code = i < lower.length ? lower.charCodeAt(i) : 32;
      let width = 1;
      let inWord: boolean;
      if (code < 128) inWord = (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
      else {
        WORD_CHARACTER.lastIndex = i;
        inWord = WORD_CHARACTER.test(lower);
        // A surrogate pair is one code point: classified, and stepped over, whole.
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < lower.length) {
          const next = lower.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) width = 2;
        }
      }
      if (inWord) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        if (i - start <= MAX_WORD_LENGTH) {
          position = Math.min(position + 1, MAX_POSITION);
          const term = lower.slice(start, i);
          if (!terms.has(term)) terms.set(term, `${position}${weight}`);
        }
        start = -1;
      }
      i += width;
    }
  };
  add(input.subject, 'A');
  add(input.people.join(' '), 'B');
  if (input.body) add(input.body.slice(0, MAX_INDEXED_BODY), 'C');
  // Terms are letters, digits and marks only, so no quoting beyond the surrounding apostrophes is needed.
  let vector = '';
  for (const [term, at] of terms) vector += `${vector ? ' ' : ''}'${term}':${at}`;
  return vector;
}
