'use client';

import { Building2, CalendarPlus, Link2, ListTodo, type LucideIcon, Megaphone, MessagesSquare } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useRef } from 'react';
import { DropdownMenuItem } from '@/components/ui/dropdown-menu';
import { singleMessageOnly, workKinds, type WorkKind } from './work-kinds';

const icons: Record<WorkKind, LucideIcon> = {
  task: ListTodo,
  linkTask: Link2,
  crm: Building2,
  calendar: CalendarPlus,
  chat: MessagesSquare,
  feed: Megaphone,
};

/**
 * A form chosen in a menu opens only once the menu has closed and focus is back on its trigger: the dialog
 * then knows the trigger as the place to give focus back to when it closes. Pass `trigger` as the trigger's
 * ref and `onCloseAutoFocus` to the menu's content; wrap what an item does in `later`.
 */
export function useAfterMenuClose() {
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

/** One menu item per kind of work; with several messages, those about one message are greyed out and say why. */
export function WorkMenuItems({
  count,
  onWork,
  later,
}: {
  count: number;
  onWork: (kind: WorkKind) => void;
  later: (run: () => void) => void;
}) {
  const t = useTranslations('mail.work');
  const reasonId = useId();
  return workKinds.map((kind) => {
    const Icon = icons[kind];
    const disabled = singleMessageOnly(kind, count);
    return (
      <DropdownMenuItem
        key={kind}
        disabled={disabled}
        // Named by its label alone; the reason it is greyed out is its description.
        aria-labelledby={disabled ? `${reasonId}-${kind}-label` : undefined}
        aria-describedby={disabled ? `${reasonId}-${kind}` : undefined}
        onSelect={() => later(() => onWork(kind))}
      >
        <span className="flex items-start gap-2">
          <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-success-fg" />
          <span>
            <span id={`${reasonId}-${kind}-label`}>{t(`start.${kind}`)}</span>
            {disabled && (
              <span id={`${reasonId}-${kind}`} className="block text-xs text-fg-muted">
                {t('oneMessageOnly')}
              </span>
            )}
          </span>
        </span>
      </DropdownMenuItem>
    );
  });
}
