'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Paperclip, Reply, Star } from 'lucide-react';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import { LazyRowMenu } from './lazy-row-menu';
import type { RowView } from './row-view';
import type { ActionName } from './use-message-actions';
import type { WorkKind } from './work/work-kinds';

type Props = {
  item: RowView;
  selected: boolean;
  active: boolean;
  focused: boolean;
  onToggle: (shiftKey: boolean) => void;
  onOpen: () => void;
  onAction: (action: ActionName, folderId?: number) => void;
  moveTargets: FolderView[];
  // The row's folder when it is not the open one (an `in:all` search), else null.
  folderLabel: string | null;
  onWork: (kind: WorkKind) => void;
};

/**
 * One line of the list: sender (or a conversation's participants and count) with its action menu, date,
 * subject, snippet and badges (for a conversation, those of any of its messages).
 */
export function MessageRow({
  item,
  selected,
  active,
  focused,
  onToggle,
  onOpen,
  onAction,
  onWork,
  moveTargets,
  folderLabel,
}: Props) {
  const t = useTranslations('mail');
  const tc = useTranslations('conversation');
  const format = useFormatter();
  const received = new Date(item.date);
  // Today and this year in the zone the time is shown in (next-intl's), so that the server, which renders the
  // first rows, and the browser, which hydrates them, agree.
  const now = new Date();
  const day = (date: Date) => format.dateTime(date, { year: 'numeric', month: 'numeric', day: 'numeric' });
  const year = (date: Date) => format.dateTime(date, { year: 'numeric' });
  const today = day(now) === day(received);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keys (j/k, Enter) for the focused row
    // biome-ignore lint/a11y/useFocusableInteractive: focus stays on the grid, which tracks the active row
    <div
      role="row"
      aria-selected={active}
      data-message-id={item.messageId}
      data-thread-id={item.threadId ?? undefined}
      onClick={onOpen}
      className={`flex h-full cursor-pointer gap-3 border-b border-line-subtle px-3 py-2 ${active ? 'bg-accent-subtle' : selected ? 'bg-info-subtle' : 'bg-surface hover:bg-surface-subtle'} ${focused ? 'outline outline-2 -outline-offset-2 outline-focus' : ''}`}
    >
      <div role="gridcell" tabIndex={-1} className="shrink-0">
        <input
          type="checkbox"
          aria-label={t('select', { subject: item.subject || t('noSubject') })}
          checked={selected}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(e.shiftKey);
          }}
          onChange={() => {}}
          className="mt-1 size-4"
        />
      </div>
      <div role="gridcell" tabIndex={-1} className="min-w-0 flex-1">
        <div className="flex items-center gap-1">
          {!item.seen && (
            <span className="size-2 shrink-0 rounded-full bg-accent" role="img" aria-label={t('unread')} />
          )}
          <span className={`truncate text-sm ${item.seen ? 'text-fg-muted' : 'font-semibold text-fg'}`}>
            {item.who || t('unknownSender')}
          </span>
          {item.count !== null && (
            <span className="shrink-0 text-xs text-fg-muted" data-testid="conversation-count">
              <span aria-hidden>({item.count})</span>
              <span className="sr-only">{tc('count', { count: item.count })}</span>
            </span>
          )}
          <LazyRowMenu item={item} onAction={onAction} onWork={onWork} moveTargets={moveTargets} />
          <time dateTime={item.date} className="ml-auto shrink-0 text-xs text-fg-muted">
            {today
              ? format.dateTime(received, { hour: '2-digit', minute: '2-digit' })
              : format.dateTime(received, {
                  day: 'numeric',
                  month: 'short',
                  year: year(received) === year(now) ? undefined : 'numeric',
                })}
          </time>
        </div>
        <div className={`truncate text-sm ${item.seen ? 'text-fg-muted' : 'font-semibold text-fg'}`}>
          {item.subject || t('noSubject')}
        </div>
        <div className="flex items-center gap-1.5">
          {folderLabel && (
            <span className="shrink-0 rounded bg-surface-muted px-1.5 text-[10px] font-medium text-fg-muted">
              {folderLabel}
            </span>
          )}
          <span className="truncate text-xs text-fg-muted">{item.tooLarge ? t('tooLarge') : item.snippet}</span>
          <span className="ml-auto flex shrink-0 gap-1">
            {item.flagged && (
              <Star role="img" aria-label={t('flagged')} className="size-3.5 fill-warning text-warning-fg" />
            )}
            {item.answered && <Reply role="img" aria-label={t('answered')} className="size-3.5 text-fg-subtle" />}
            {item.hasAttachments && (
              <Paperclip role="img" aria-label={t('hasAttachments')} className="size-3.5 text-fg-subtle" />
            )}
            {item.linkKinds.map((kind) => (
              <span
                key={kind}
                className="rounded bg-success-muted px-1.5 text-[10px] font-semibold uppercase text-success-fg"
              >
                {t(`linked.${kind}`)}
              </span>
            ))}
          </span>
        </div>
      </div>
    </div>
  );
}
