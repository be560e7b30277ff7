'use client';

import { Flag, Mail, MailOpen, ShieldAlert, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import { IconButton } from './icon-button';
import type { ActionName } from './use-message-actions';
import type { WorkKind } from './work/work-kinds';
import { WorkMenu } from './work/work-menu';

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
      <WorkMenu count={count} onWork={onWork} />
    </>
  );
}
