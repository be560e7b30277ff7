import { searchTerms } from './search-vector';

// More words than this add nothing but planner work; people type a few.
const MAX_QUERY_TERMS = 12;

/**
 * A tsquery literal for what someone typed: every word must match, each as a prefix ("invo" finds
 * "invoice"), split exactly as the search vectors were (`searchTerms`). Null when nothing searchable is left.
 */
export function buildSearchQuery(text: string): string | null {
  const terms = [...new Set(searchTerms(text))].slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return null;
  // Terms hold only letters, digits and marks; quoting still keeps any future change from breaking the syntax.
  return terms.map((term) => `'${term.replaceAll("'", "''").replaceAll('\\', '\\\\')}':*`).join(' & ');
}
