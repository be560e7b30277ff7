'use client';

import { Ellipsis } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type MouseEvent, useState } from 'react';
import type { RowMenuProps } from './row-menu';

type RowMenuModule = typeof import('./row-menu');
let loading: Promise<RowMenuModule> | null = null;
let ready: RowMenuModule | null = null;

/** Fetches the menu's code (the list calls this once the first screen is up), so that a click swaps at once. */
export function preloadRowMenu(): Promise<RowMenuModule> {
  loading ??= import('./row-menu').then((m) => {
    ready = m;
    return m;
  });
  return loading;
}

/**
 * The ⋯ menu of a row. The rows on screen render a plain button, and the menu (its library is not part of the
 * inbox's first load) replaces it when it is clicked or activated with the keyboard, opening at once. Not on
 * hover or focus: the element under a press must stay the one that gets its click.
 */
export function LazyRowMenu(props: RowMenuProps) {
  const t = useTranslations('mail.actions');
  const [wanted, setWanted] = useState(false);
  const [loaded, setLoaded] = useState<RowMenuModule | null>(ready);
  const open = () => {
    setWanted(true);
    // Loaded already (preloaded once the first screen is up): replaced within this event.
    if (ready) setLoaded(ready);
    else void preloadRowMenu().then((m) => setLoaded(m));
  };
  if (loaded && wanted) return <loaded.RowMenu {...props} />;
  return (
    <button
      type="button"
      aria-label={t('menu')}
      aria-haspopup="menu"
      aria-expanded={false}
      className="rounded px-1 text-fg-subtle hover:bg-surface-strong"
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
