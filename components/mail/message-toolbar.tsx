'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import type { ActionName } from './use-message-actions';
import { mailViews, type MailView } from './use-mail-view';
import type { WorkKind } from './work/work-kinds';

// Shown only once messages are selected: its buttons, tooltips and menu load then, not with the inbox.
const SelectionActions = dynamic(() => import('./selection-actions').then((m) => m.SelectionActions), {
  ssr: false,
});

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
      {count > 0 && <SelectionActions count={count} onAction={onAction} moveTargets={moveTargets} onWork={onWork} />}
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
