import { parseSearchQuery, type SearchQueryError } from '@/lib/search/parse-search-query';
import { resolveSearchFolder, type SearchableFolder } from '@/lib/search/resolve-search-folder';

/**
 * What is wrong with a search, by the same parser as the list endpoint (which refuses it too, 400 with the same
 * reason): null when nothing is. Its own module, fetched when the search box is used, not with the inbox.
 */
export function searchProblem(text: string, folders: SearchableFolder[]): SearchQueryError | null {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) return parsed.error;
  const scope = parsed.query.in;
  if (scope && 'folder' in scope && folders.length > 0 && !resolveSearchFolder(scope.folder, folders))
    return { reason: 'unknownFolder', operator: 'in:', value: scope.folder };
  return null;
}
