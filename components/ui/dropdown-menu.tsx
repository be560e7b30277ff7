'use client';

import * as DropdownMenuPrimitive from '@radix-ui/react-dropdown-menu';
import type { ComponentProps } from 'react';

// Thin styled wrappers over Radix DropdownMenu (shadcn/ui style): Radix does the roles, keyboard, focus,
// Esc and outside clicks, and positions the menu so it stays on screen. A className passed in is appended to
// the defaults, so pass classes that add to them rather than contradict them.

export const DropdownMenu = DropdownMenuPrimitive.Root;
export const DropdownMenuTrigger = DropdownMenuPrimitive.Trigger;
export const DropdownMenuGroup = DropdownMenuPrimitive.Group;

const contentClass = [
  'z-popover min-w-52 overflow-y-auto rounded-md border border-line bg-surface py-1 text-sm shadow-lg',
  // Never taller than the room Radix measured on its side of the trigger; beyond that the menu scrolls.
  'max-h-[min(18rem,var(--radix-dropdown-menu-content-available-height))] focus:outline-none',
].join(' ');

const itemClass = [
  'block w-full cursor-pointer select-none px-3 py-1.5 text-left outline-none',
  'data-[highlighted]:bg-surface-muted data-[disabled]:pointer-events-none data-[disabled]:opacity-50',
].join(' ');

type ContentProps = ComponentProps<typeof DropdownMenuPrimitive.Content>;

/**
 * The open menu, in a portal at the popover layer: no scroll container or stacking context of the page can
 * clip or cover it, and it shows above a dialog it was opened from.
 */
export function DropdownMenuContent({ className = '', sideOffset = 4, collisionPadding = 8, ...props }: ContentProps) {
  return (
    <DropdownMenuPrimitive.Portal>
      <DropdownMenuPrimitive.Content
        sideOffset={sideOffset}
        collisionPadding={collisionPadding}
        className={`${contentClass} ${className}`}
        // A menu taller than the room scrolls: focusable itself, so the scrolled region is reachable (axe:
        // scrollable-region-focusable); its items keep Radix's roving focus.
        tabIndex={0}
        {...props}
      />
    </DropdownMenuPrimitive.Portal>
  );
}

export function DropdownMenuItem({ className = '', ...props }: ComponentProps<typeof DropdownMenuPrimitive.Item>) {
  return <DropdownMenuPrimitive.Item className={`${itemClass} ${className}`} {...props} />;
}

type SeparatorProps = ComponentProps<typeof DropdownMenuPrimitive.Separator>;

export function DropdownMenuSeparator({ className = '', ...props }: SeparatorProps) {
  return <DropdownMenuPrimitive.Separator className={`my-1 h-px bg-surface-muted ${className}`} {...props} />;
}
