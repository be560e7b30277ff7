'use client';

import { useEffect, useState } from 'react';
import { retryingLoad } from '@/components/ui/retrying-load';
import type { SearchQueryError } from '@/lib/search/parse-search-query';
import type { SearchableFolder } from '@/lib/search/resolve-search-folder';

type SearchCheck = typeof import('./search-problem');
// The search parser is fetched when the search box is focused (or a search comes in the URL), not with the inbox.
const searchCheck = retryingLoad<SearchCheck>(() => import('./search-problem'));

/**
 * What is wrong with the search being typed, explained before anything is fetched (search-problem.ts). A search
 * that came in the URL (a bookmark) is checked once, when the page opens, as it was typed.
 */
export function useSearchCheck(initialQuery: string, folders: SearchableFolder[]) {
  const [problem, setProblem] = useState<SearchQueryError | null>(null);
  const [first] = useState(initialQuery);
  // Once: the folders only sharpen the check (in:), and a later list of them is a new array each render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (!first) return;
    let current = true;
    searchCheck.load().then(
      ({ searchProblem }) => current && setProblem(searchProblem(first, folders)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [first]);
  return {
    problem,
    clear: () => setProblem(null),
    preload: () => void searchCheck.load().catch(() => undefined),
    /** Runs `search` unless `text` has a problem, which is shown instead. */
    submit: (text: string, search: () => void) => {
      const check = ({ searchProblem }: SearchCheck) => {
        const found = searchProblem(text, folders);
        setProblem(found);
        if (!found) search();
      };
      const ready = searchCheck.ready();
      if (ready) check(ready);
      // Not loaded yet: checked when it is; if it cannot be, the search goes out and the endpoint says why.
      else searchCheck.load().then(check, search);
    },
  };
}
