'use client';

import { Ellipsis } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type MouseEvent, useState } from 'react';
import { retryingLoad } from '@/components/ui/retrying-load';
import type { RowMenuProps } from './row-menu';

type RowMenuModule = typeof import('./row-menu');
const rowMenu = retryingLoad<RowMenuModule>(() => import('./row-menu'));

/**
 * Fetches the menu's code (the list calls this once the first screen is up; a row's button on hover and focus),
 * so that a click swaps at once. A failed fetch is tried again on the next call.
 */
export function preloadRowMenu(): void {
  rowMenu.load().catch(() => {
    // Not kept: the next hover, focus or click asks again.
  });
}

/**
 * The ⋯ menu of a row. The rows on screen render a plain button, and the menu (its library is not part of the
 * inbox's first load) replaces it when it is clicked or activated with the keyboard, opening at once. Not on
 * hover or focus (they only fetch its code): the element under a press must stay the one that gets its click.
 */
export function LazyRowMenu(props: RowMenuProps) {
  const t = useTranslations('mail.actions');
  const [loaded, setLoaded] = useState<RowMenuModule | null>(null);
  const open = () => {
    // Loaded already (preloaded once the first screen is up): replaced within this event.
    const ready = rowMenu.ready();
    if (ready) setLoaded(ready);
    else
      rowMenu.load().then(setLoaded, () => {
        // The button stays; clicking it again tries the fetch again.
      });
  };
  if (loaded) return <loaded.RowMenu {...props} />;
  return (
    <button
      type="button"
      aria-label={t('menu')}
      aria-haspopup="menu"
      aria-expanded={false}
      className="rounded px-1 text-fg-subtle hover:bg-surface-strong"
      onPointerEnter={preloadRowMenu}
      onFocus={preloadRowMenu}
      onClick={(e: MouseEvent) => {
        // Not the row's click, which would open the message.
        e.stopPropagation();
        open();
      }}
    >
      <Ellipsis aria-hidden className="size-4" />
    </button>
  );
}
