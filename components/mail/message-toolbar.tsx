'use client';

import { BriefcaseBusiness, ChevronDown, Flag, Mail, MailOpen, ShieldAlert, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import { IconButton, toolButtonClass } from './icon-button';
import type { ActionName } from './use-message-actions';
import { mailViews, type MailView } from './use-mail-view';
import { useAfterMenuClose, WorkMenuItems } from './work/work-menu';
import type { WorkKind } from './work/work-kinds';

type Props = {
  count: number;
  allSelected: boolean;
  onSelectAll: (all: boolean) => void;
  onAction: (action: ActionName, folderId?: number) => void;
  moveTargets: FolderView[];
  onWork: (kind: WorkKind) => void;
  view: MailView;
  onViewChange: (view: MailView) => void;
};

const bulkActions = [
  { action: 'read', icon: MailOpen },
  { action: 'unread', icon: Mail },
  { action: 'flag', icon: Flag },
  { action: 'spam', icon: ShieldAlert },
  { action: 'delete', icon: Trash2 },
] as const;

/**
 * Above the list: the select-all box, with a selection the bulk actions of SPEC §5 (on whole conversations
 * in the conversation view), and the switch between listing by conversation and by message.
 */
export function MessageToolbar({
  count,
  allSelected,
  onSelectAll,
  onAction,
  moveTargets,
  onWork,
  view,
  onViewChange,
}: Props) {
  const t = useTranslations('mail');
  const tc = useTranslations('conversation');
  const menu = useAfterMenuClose();
  const selectAll = useRef<HTMLInputElement>(null);
  // "Some but not all" has no HTML attribute, only this property (shown half-checked, exposed as mixed).
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = count > 0 && !allSelected;
  }, [count, allSelected]);
  return (
    <div
      role="toolbar"
      aria-label={t('toolbar')}
      className="flex min-h-12 flex-wrap items-center gap-1.5 border-b border-line bg-surface-subtle px-3 py-2"
    >
      <input
        ref={selectAll}
        type="checkbox"
        aria-label={t('selectAll')}
        checked={allSelected}
        onChange={(e) => onSelectAll(e.target.checked)}
        className="size-4"
      />
      {count > 0 && (
        <>
          <span className="mr-1 text-xs text-fg-muted">{t('selected', { count })}</span>
          {bulkActions.map(({ action, icon }) => (
            <IconButton key={action} icon={icon} label={t(`actions.${action}`)} onClick={() => onAction(action)} />
          ))}
          <select
            aria-label={t('actions.move')}
            className="h-8 rounded-md border border-line-strong bg-surface px-1 text-xs text-fg-muted"
            value=""
            onChange={(e) => e.target.value && onAction('move', Number(e.target.value))}
          >
            <option value="">{t('actions.move')}…</option>
            {moveTargets.map((folder) => (
              <option key={folder.id} value={folder.id}>
                {folder.specialUse ? t(`special.${folder.specialUse}`) : folder.name}
              </option>
            ))}
          </select>
          <DropdownMenu>
            <DropdownMenuTrigger ref={menu.trigger} className={`${toolButtonClass} text-success-fg`}>
              <BriefcaseBusiness aria-hidden className="size-4 shrink-0" />
              <span>{t('work.group')}</span>
              <ChevronDown aria-hidden className="size-3.5 shrink-0" />
            </DropdownMenuTrigger>
            <DropdownMenuContent
              align="end"
              onKeyDown={(e) => e.stopPropagation()}
              onCloseAutoFocus={menu.onCloseAutoFocus}
            >
              <WorkMenuItems count={count} onWork={onWork} later={menu.later} />
            </DropdownMenuContent>
          </DropdownMenu>
        </>
      )}
      <div
        role="group"
        aria-label={tc('view')}
        className="ml-auto flex overflow-hidden rounded-md border border-line-strong"
      >
        {mailViews.map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={view === option}
            onClick={() => onViewChange(option)}
            className={`h-7 px-2 text-xs font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus ${view === option ? 'bg-accent-subtle text-accent-fg' : 'bg-surface text-fg-muted hover:bg-surface-muted'}`}
          >
            {tc(`views.${option}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
