import { searchTerms } from './search-vector';

// More words than this add nothing but planner work; people type a few.
const MAX_QUERY_TERMS = 12;

/**
 * A tsquery literal for what someone typed: every word must match, split exactly as the search vectors were
 * (`searchTerms`). Only the last word is a prefix ("meeting invo" finds "invoice"): the words before it were
 * typed out, and a prefix match of a frequent word makes the index collect every row containing it.
 * Null when nothing searchable is left.
 */
export function buildSearchQuery(text: string): string | null {
  const terms = [...new Set(searchTerms(text))].slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return null;
  // Terms hold only letters, digits and marks; quoting still keeps any future change from breaking the syntax.
  const quote = (term: string) => `'${term.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return terms.map((term, index) => (index === terms.length - 1 ? `${quote(term)}:*` : quote(term))).join(' & ');
}
