'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False while the server renders and the page hydrates, true afterwards. Times shown in the browser's zone
 * are rendered only once this is true: the server does not know that zone, and a different text at hydration
 * would be a mismatch.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
