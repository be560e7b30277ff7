import { searchTerms } from './search-vector';

// More words than this add nothing but planner work; people type a few. Operators' words are checked again
// on their fields, so a search cut here is still exact, only less helped by the index.
const MAX_QUERY_TERMS = 16;

/** A word to find in the search vector; a prefix matches every word it starts. */
export type QueryTerm = { term: string; prefix: boolean };

/**
 * The search terms of a text, split exactly as the search vectors were (`searchTerms`). Only the last word
 * may be a prefix ("meeting invo" finds "invoice"): the words before it were typed out, and a prefix match of
 * a frequent word makes the index collect every row containing it.
 */
export function queryTermsOf(text: string, lastIsPrefix: boolean): QueryTerm[] {
  const terms = searchTerms(text);
  return terms.map((term, index) => ({ term, prefix: lastIsPrefix && index === terms.length - 1 }));
}

/** A tsquery literal in which every term must match; null when nothing searchable is left. */
export function buildTsquery(terms: QueryTerm[]): string | null {
  const unique = new Map<string, QueryTerm>();
  for (const t of terms) unique.set(`${t.term}${t.prefix ? ':*' : ''}`, t);
  const kept = [...unique.values()].slice(0, MAX_QUERY_TERMS);
  if (kept.length === 0) return null;
  // Terms hold only letters, digits and marks; quoting still keeps any future change from breaking the syntax.
  const quote = (term: string) => `'${term.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return kept.map((t) => (t.prefix ? `${quote(t.term)}:*` : quote(t.term))).join(' & ');
}

/** A tsquery literal for free text: every word must match, the last one as a prefix. */
export function buildSearchQuery(text: string): string | null {
  return buildTsquery(queryTermsOf(text, true));
}
