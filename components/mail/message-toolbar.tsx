'use client';

import { useTranslations } from 'next-intl';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import type { ActionName } from './use-message-actions';
import { multiMessageKinds, workKinds, type WorkKind } from './work/work-kinds';

type Props = {
  count: number;
  allSelected: boolean;
  onSelectAll: (all: boolean) => void;
  onAction: (action: ActionName, folderId?: number) => void;
  moveTargets: FolderView[];
  onWork: (kind: WorkKind) => void;
};

/** Appears with a selection: the bulk actions of SPEC §5. */
export function MessageToolbar({ count, allSelected, onSelectAll, onAction, moveTargets, onWork }: Props) {
  const t = useTranslations('mail');
  const button =
    'rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100';
  return (
    <div
      role="toolbar"
      aria-label={t('toolbar')}
      className="flex flex-wrap items-center gap-1.5 border-b border-slate-200 bg-slate-50 px-3 py-2"
    >
      <input
        type="checkbox"
        aria-label={t('selectAll')}
        checked={allSelected}
        onChange={(e) => onSelectAll(e.target.checked)}
        className="size-4"
      />
      {count > 0 && (
        <>
          <span className="mr-1 text-xs text-slate-600">{t('selected', { count })}</span>
          <button type="button" className={button} onClick={() => onAction('read')}>
            {t('actions.read')}
          </button>
          <button type="button" className={button} onClick={() => onAction('unread')}>
            {t('actions.unread')}
          </button>
          <button type="button" className={button} onClick={() => onAction('flag')}>
            {t('actions.flag')}
          </button>
          <button type="button" className={button} onClick={() => onAction('spam')}>
            {t('actions.spam')}
          </button>
          <button type="button" className={button} onClick={() => onAction('delete')}>
            {t('actions.delete')}
          </button>
          <select
            aria-label={t('actions.move')}
            className="rounded border border-slate-300 bg-white px-1 py-1 text-xs"
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
          <select
            aria-label={t('work.group')}
            className="rounded border border-emerald-300 bg-white px-1 py-1 text-xs text-emerald-800"
            value=""
            onChange={(e) => e.target.value && onWork(e.target.value as WorkKind)}
          >
            <option value="">{t('work.group')}…</option>
            {workKinds.map((kind) => (
              // Events, chats and posts are about one message.
              <option key={kind} value={kind} disabled={count > 1 && !multiMessageKinds.includes(kind)}>
                {t(`work.start.${kind}`)}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
