import { MAX_INDEXED_BODY, type SearchableText } from '@/lib/search/search-vector';

// The limits of lib/search/search-vector.ts, whose output this reproduces exactly (see its test).
const MAX_WORD_LENGTH = 64;
const MAX_POSITION = 16_383;
/** One code point of a word: a letter, digit or combining mark, as the separators of searchTerms leave. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/uy;

/**
 * buildSearchVector (lib/search/search-vector.ts), the same string for the same input, in ~60 % of the time:
 * the words are found by one scan over the lowercased text that classifies ASCII by its code and only other
 * characters by regular expression, instead of a Unicode split into an array. It runs once per imported
 * message in the parse workers, where the split and its garbage were the largest cost after decoding.
 */
export function fastSearchVector(input: SearchableText): string {
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
  let vector = '';
  for (const [term, at] of terms) vector += `${vector ? ' ' : ''}'${term}':${at}`;
  return vector;
}
