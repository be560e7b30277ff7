import { isAppError } from '@/lib/errors';
import { wordError } from '@/server/word-error';

/** One value of a page's query string the list refused, with the lib's reason (safe to show). */
export type RefusedField<K extends string> = { field: K; message: string };

export type ListFromQuery<K extends string, T> = {
  list: T;
  /** The query the list was made with: what the page's filter controls should show. */
  applied: Partial<Record<K, string>>;
  /** Filters left out, for the page to say so; a refused `cursor` is not among them. */
  refused: Array<RefusedField<K>>;
};

/** A search-param value as a page reads it: a repeated parameter (an array) is not one a form of ours makes. */
export const singleParam = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

// The fields of the query a validation error names, each with its reason in the reader's language; none when
// the error is another kind or names none.
async function refusedFields<K extends string>(
  error: unknown,
  query: Partial<Record<K, string>>,
): Promise<Array<RefusedField<K>>> {
  if (!isAppError(error) || error.code !== 'validation') return [];
  const worded = await wordError(error);
  const messages = worded.fieldErrors;
  if (!messages) return [];
  return (Object.keys(query) as K[])
    .filter((field) => query[field] !== undefined && field in messages)
    .map((field) => ({ field, message: messages[field] ?? worded.message }));
}

/**
 * A list page's data from its query string. The lib operation validates the query (one set of rules for the
 * page and the API); a field it refuses is left out and the list asked for again, so a hand-edited, cut-off or
 * stale URL shows a list rather than an error page (issue 16). A refused `cursor` — a bookmarked later page
 * of a list that has changed since, or text that was never ours — silently gives the first page, as a webmail
 * does with an old link; a refused filter is reported in `refused`, so nobody takes the unfiltered list for
 * the filtered one. Any other error, or one naming no field of the query, is thrown as before.
 */
export async function listFromQuery<K extends string, T>(
  query: Partial<Record<K, string>>,
  load: (query: Partial<Record<K, string>>) => Promise<T>,
): Promise<ListFromQuery<K, T>> {
  const applied: Partial<Record<K, string>> = { ...query };
  const refused: Array<RefusedField<K>> = [];
  // Ends: every round without a list removes at least one field, and the query has only so many.
  for (;;) {
    try {
      return { list: await load({ ...applied }), applied, refused };
    } catch (error) {
      const fields = await refusedFields(error, applied);
      if (fields.length === 0) throw error;
      for (const { field, message } of fields) {
        delete applied[field];
        if (field !== 'cursor') refused.push({ field, message });
      }
    }
  }
}
