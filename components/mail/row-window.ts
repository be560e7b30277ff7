'use client';

import { useCallback, useRef, useState } from 'react';

export type RowRange = { start: number; end: number };

/**
 * Which rows of a list of `count` rows `rowHeight` tall are on screen in a viewport `height` tall scrolled by
 * `top`, with `overscan` more on each side (`end` excluded; empty when there are no rows).
 */
export function rowRange(top: number, height: number, rowHeight: number, count: number, overscan: number): RowRange {
  if (count === 0) return { start: 0, end: 0 };
  const first = Math.min(count - 1, Math.max(0, Math.floor(top / rowHeight)));
  const last = Math.min(count - 1, Math.max(first, Math.ceil((top + height) / rowHeight) - 1));
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan) };
}

/** Where to scroll so that row `index` is in view, moving as little as possible; null when it is already. */
export function scrollTopFor(index: number, top: number, height: number, rowHeight: number): number | null {
  const rowTop = index * rowHeight;
  if (rowTop < top) return rowTop;
  if (rowTop + rowHeight > top + height) return rowTop + rowHeight - height;
  return null;
}

/**
 * The rows of a list with rows of one fixed height that are in its scrolled viewport: only those are rendered.
 * Before the viewport is measured (on the server, while hydrating) it is taken as `initialHeight` at the top,
 * so a screenful of rows is in the HTML. Written for the webmail's list rather than taken from a library: with
 * one row height it is a division, and the first load of the inbox carries no virtualizer.
 */
export function useRowWindow(count: number, rowHeight: number, overscan: number, initialHeight: number) {
  const element = useRef<HTMLDivElement | null>(null);
  const [viewport, setViewport] = useState({ top: 0, height: initialHeight });
  // A callback ref: the scroller is not rendered while the list shows an error or is empty.
  const scroller = useCallback((node: HTMLDivElement | null) => {
    element.current = node;
    if (!node) return;
    const read = () =>
      setViewport((v) =>
        v.top === node.scrollTop && v.height === node.clientHeight
          ? v
          : { top: node.scrollTop, height: node.clientHeight },
      );
    read();
    node.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(node);
    return () => {
      node.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, []);
  const range = rowRange(viewport.top, viewport.height, rowHeight, count, overscan);
  const scrollToIndex = useCallback(
    (index: number) => {
      const node = element.current;
      if (!node) return;
      const top = scrollTopFor(index, node.scrollTop, node.clientHeight, rowHeight);
      if (top !== null) node.scrollTop = top;
    },
    [rowHeight],
  );
  return { scroller, range, totalHeight: count * rowHeight, scrollToIndex };
}
