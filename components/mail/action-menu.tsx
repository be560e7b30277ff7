'use client';

import { type ReactNode, useRef } from 'react';
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';

/**
 * A form chosen in a menu opens only once the menu has closed and focus is back on its trigger: the dialog
 * then knows the trigger as the place to give focus back to when it closes. Pass `trigger` as the trigger's
 * ref and `onCloseAutoFocus` to the menu's content; wrap what an item does in `later`.
 */
function useAfterMenuClose() {
  const trigger = useRef<HTMLButtonElement>(null);
  const pending = useRef<(() => void) | null>(null);
  return {
    trigger,
    later: (run: () => void) => {
      pending.current = run;
    },
    onCloseAutoFocus: (event: Event) => {
      const run = pending.current;
      if (!run) return;
      pending.current = null;
      event.preventDefault();
      trigger.current?.focus();
      run();
    },
  };
}

export type Later = (run: () => void) => void;

type Props = {
  /** What the trigger shows (icons, a label) and its classes. */
  trigger: ReactNode;
  triggerClass: string;
  /** The trigger's name when it shows no text of its own. */
  label?: string;
  align?: 'start' | 'end';
  defaultOpen?: boolean;
  /** The items; an item that opens a form wraps what it does in `later` (see useAfterMenuClose). */
  children: (later: Later) => ReactNode;
};

/** The webmail's menus of actions on mail (a row's ⋯, the work menu): a trigger and its items in a portal. */
export function ActionMenu({ trigger, triggerClass, label, align = 'end', defaultOpen, children }: Props) {
  const menu = useAfterMenuClose();
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger ref={menu.trigger} aria-label={label} className={triggerClass}>
        {trigger}
      </DropdownMenuTrigger>
      <DropdownMenuContent
        align={align}
        // Keys typed in the menu are its own (typeahead, arrows), not the webmail's shortcuts.
        onKeyDown={(e) => e.stopPropagation()}
        onCloseAutoFocus={menu.onCloseAutoFocus}
      >
        {children(menu.later)}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
