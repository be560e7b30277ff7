'use client';

import { useNow } from 'next-intl';
import { useEffect } from 'react';

// A difference this small is the time the page took to arrive and hydrate, not a wrong clock.
const NOISE_MS = 5_000;

let offsetMs = 0;
let measured = false;

/**
 * The server's time as best this browser knows it: its own clock, corrected once per page load by how far
 * it was from the server's `now` (next-intl's request config) when this document was rendered. The estimate
 * is late by the page's load time, so it can only make an instant look older, never newer.
 */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/**
 * Measures the browser's clock against the server's once, at the document's first hydration: mounted in the
 * root layout, which client navigation never remounts. Later in the page's life the provider's `now` is that of
 * the first render, so it must not be read again. Renders nothing.
 */
export function ServerClock() {
  // Without an update interval, useNow returns the provider's `now`: the server's clock at render time.
  const renderedAt = useNow();
  useEffect(() => {
    if (measured) return;
    measured = true;
    const offset = renderedAt.getTime() - Date.now();
    offsetMs = Math.abs(offset) < NOISE_MS ? 0 : offset;
  }, [renderedAt]);
  return null;
}
