'use client';

import type { LucideIcon } from 'lucide-react';
import type { ButtonHTMLAttributes, Ref } from 'react';
import { Tooltip } from '@/components/ui/tooltip';

export const toolButtonClass = [
  'inline-flex h-8 shrink-0 items-center justify-center gap-1.5 rounded-md border border-line-strong bg-surface px-2',
  'text-xs font-medium text-fg-muted hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-focus',
  'disabled:cursor-not-allowed disabled:opacity-50 data-[state=open]:bg-surface-muted',
].join(' ');

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  label: string;
  icon: LucideIcon;
  // Where the label shows beside the icon, e.g. '@md:not-sr-only' (a container query on the toolbar); it is
  // always the button's accessible name, and the tooltip shows it where it is hidden.
  labelClass?: string;
  ref?: Ref<HTMLButtonElement>;
};

/** A toolbar button: an icon, its name in a tooltip, and the name as text where there is room. */
export function IconButton({ label, icon: Icon, labelClass = '', className = '', ...props }: Props) {
  return (
    <Tooltip label={label}>
      <button type="button" className={`${toolButtonClass} ${className}`} {...props}>
        <Icon aria-hidden className="size-4 shrink-0" />
        <span className={`sr-only ${labelClass}`}>{label}</span>
      </button>
    </Tooltip>
  );
}
