'use client';

import {
  BriefcaseBusiness,
  Building2,
  CalendarPlus,
  ChevronDown,
  Link2,
  ListTodo,
  type LucideIcon,
  Megaphone,
  MessagesSquare,
} from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { DropdownMenuItem } from '@/components/ui/dropdown-menu';
import { ActionMenu, type Later } from '../action-menu';
import { toolButtonClass } from '../icon-button';
import { singleMessageOnly, workKinds, type WorkKind } from './work-kinds';

const icons: Record<WorkKind, LucideIcon> = {
  task: ListTodo,
  linkTask: Link2,
  crm: Building2,
  calendar: CalendarPlus,
  chat: MessagesSquare,
  feed: Megaphone,
};

/** One menu item per kind of work; with several messages, those about one message are greyed out and say why. */
export function WorkMenuItems({
  count,
  onWork,
  later,
}: {
  count: number;
  onWork: (kind: WorkKind) => void;
  later: Later;
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

/**
 * The toolbars' "Work" menu (a selection's, an open message's): the kinds of work to make from `count`
 * messages. `labelClass` says where its label shows beside the icon (always its accessible name).
 */
export function WorkMenu({
  count,
  onWork,
  labelClass = '',
}: {
  count: number;
  onWork: (kind: WorkKind) => void;
  labelClass?: string;
}) {
  const t = useTranslations('mail.work');
  return (
    <ActionMenu
      triggerClass={`${toolButtonClass} text-success-fg`}
      trigger={
        <>
          <BriefcaseBusiness aria-hidden className="size-4 shrink-0" />
          <span className={labelClass || undefined}>{t('group')}</span>
          <ChevronDown aria-hidden className="size-3.5 shrink-0" />
        </>
      }
    >
      {(later) => <WorkMenuItems count={count} onWork={onWork} later={later} />}
    </ActionMenu>
  );
}
