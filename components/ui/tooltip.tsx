'use client';

import * as TooltipPrimitive from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';

// A thin wrapper over Radix Tooltip: Radix shows it on hover and keyboard focus, hides it on Esc, and puts it
// in a portal at the popover layer (app/globals.css). A tooltip only repeats a control's accessible name or
// adds a hint: the control must carry its own name (aria-label or text), since touch screens never show it.

const contentClass = [
  'z-popover max-w-64 rounded bg-inverse px-2 py-1 text-xs text-on-inverse shadow',
  'data-[state=closed]:hidden',
].join(' ');

type Props = {
  label: ReactNode;
  // One element that takes a ref and forwards props (a button, or a Radix trigger with asChild).
  children: ReactElement;
  side?: TooltipPrimitive.TooltipContentProps['side'];
};

/** Shows `label` beside its child on hover or focus. */
export function Tooltip({ label, children, side = 'bottom' }: Props) {
  return (
    <TooltipPrimitive.Provider delayDuration={400} skipDelayDuration={200}>
      <TooltipPrimitive.Root>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content side={side} sideOffset={4} collisionPadding={8} className={contentClass}>
            {label}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
