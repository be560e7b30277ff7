'use client';

import { BriefcaseBusiness, ChevronDown, Flag, Mail, MailOpen, ShieldAlert, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import { IconButton, toolButtonClass } from './icon-button';
import type { ActionName } from './use-message-actions';
import type { WorkKind } from './work/work-kinds';
import { useAfterMenuClose, WorkMenuItems } from './work/work-menu';

const bulkActions = [
  { action: 'read', icon: MailOpen },
  { action: 'unread', icon: Mail },
  { action: 'flag', icon: Flag },
  { action: 'spam', icon: ShieldAlert },
  { action: 'delete', icon: Trash2 },
] as const;

/** The toolbar's part for a selection: the count, the bulk actions of SPEC §5, moving, and making work. */
export function SelectionActions({
  count,
  onAction,
  moveTargets,
  onWork,
}: {
  count: number;
  onAction: (action: ActionName, folderId?: number) => void;
  moveTargets: FolderView[];
  onWork: (kind: WorkKind) => void;
}) {
  const t = useTranslations('mail');
  const menu = useAfterMenuClose();
  return (
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
  );
}
