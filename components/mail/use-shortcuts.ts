'use client';

import { useEffect, useRef } from 'react';

export const shortcutKeys = ['j', 'k', 'o', 'e', '#', 'r', 'a', 'f', 'c', '/', 'x', 'U', 's', '?'] as const;
export type ShortcutKey = (typeof shortcutKeys)[number];

/**
 * Gmail's keys (j/k next/previous, o open, e archive, # delete, r/a/f reply/all/forward, c compose, / search,
 * x select, shift+u unread, s star, ? help). Ignored while typing in a field or with a modifier held.
 */
export function useShortcuts(handler: (key: ShortcutKey) => void, enabled: boolean) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      // Enter opens the message under the cursor, unless it is activating a focused button or link.
      if (event.key === 'Enter' && target && ['BUTTON', 'A'].includes(target.tagName)) return;
      const key = event.key === 'Enter' ? 'o' : event.key;
      if (!(shortcutKeys as readonly string[]).includes(key)) return;
      event.preventDefault();
      latest.current(key as ShortcutKey);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
