import { searchTerms } from './search-vector';

/**
 * PostgreSQL regular expressions (ARE) that check a field operator or a quoted phrase against the text
 * itself, after the search vector has narrowed the rows: the vector keeps only the first position and weight
 * of each word, so it cannot tell the sender from the subject, nor words that follow each other.
 *
 * Case is matched with a class per letter ("[bB][oO][bB]") rather than with lower() or ~*, whose folding of
 * non-ASCII letters depends on the database's locale (none under the C locale); the words come from
 * `searchTerms`, so they hold only letters, digits and marks, none of which a regular expression treats
 * specially. Word edges are "not [:alnum:]": under the C locale that also counts accented letters as edges,
 * which can only widen a match the vector has already required, never lose one.
 */

const EDGE = '[^[:alnum:]]';
const TEXT_GAP = `${EDGE}+`;
// Between two words of an HTML body: punctuation and spaces, tags, and character references such as &nbsp;.
const HTML_GAP = '(?:[^[:alnum:]]|<[^>]*>|&#?[[:alnum:]]+;)+';

function caseless(term: string): string {
  let pattern = '';
  for (const char of term) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    if (lower === upper) pattern += char;
    else if ([...lower].length === 1 && [...upper].length === 1) pattern += `[${lower}${upper}]`;
    else pattern += `(?:${lower}|${upper})`;
  }
  return pattern;
}

export type TextPattern = { text: string; html: string };

/**
 * Patterns that find the words of `value` one after the other, each a whole word, except the last, which
 * may start a longer word when `lastIsPrefix`. Null when the value has no words.
 */
export function wordsPattern(value: string, lastIsPrefix: boolean): TextPattern | null {
  const terms = searchTerms(value);
  if (terms.length === 0) return null;
  const words = terms.map(caseless);
  const end = lastIsPrefix ? '' : `(?:${EDGE}|$)`;
  return {
    text: `(?:^|${EDGE})${words.join(TEXT_GAP)}${end}`,
    html: `(?:^|${EDGE})${words.join(HTML_GAP)}${end}`,
  };
}
