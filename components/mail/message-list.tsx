'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import { afterFirstPaint } from '@/components/ui/after-first-paint';
import { preloadRowMenu } from './lazy-row-menu';
import { MessageRow } from './message-row';
import type { RowView } from './row-view';
import { useRowWindow } from './row-window';
import type { WorkKind } from './work/work-kinds';
import type { ActionName } from './use-message-actions';

const ROW_HEIGHT = 76;
// Before the list is measured (on the server, and while hydrating), a screenful of rows: the first page comes
// with the HTML, so its rows are on screen before the JavaScript runs.
const INITIAL_HEIGHT = 900;
const OVERSCAN = 8;

type Props<T> = {
  items: T[];
  // What each item shows: a message, or a conversation (the list is the same for both views).
  rowOf: (item: T) => RowView;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  selected: Set<number>;
  isActive: (row: RowView) => boolean;
  cursor: number;
  onToggle: (index: number, shiftKey: boolean) => void;
  onOpen: (item: T) => void;
  onAction: (item: T, action: ActionName, folderId?: number) => void;
  onWork: (item: T, kind: WorkKind) => void;
  // Per row: an `in:all` search lists messages of other folders and mailboxes, each with its own targets.
  moveTargetsOf: (item: T) => FolderView[];
  folderLabelOf: (item: T) => string | null;
};

/**
 * The message list. Only the rows on screen are in the DOM, and the next page is asked for as the end comes
 * into view, so a folder of 100,000 messages scrolls like one of fifty.
 */
export function MessageList<T>({
  items,
  rowOf,
  loading,
  error,
  hasMore,
  loadMore,
  selected,
  isActive,
  cursor,
  onToggle,
  onOpen,
  onAction,
  onWork,
  moveTargetsOf,
  folderLabelOf,
}: Props<T>) {
  const t = useTranslations('mail');
  const { scroller, range, totalHeight, scrollToIndex } = useRowWindow(
    items.length,
    ROW_HEIGHT,
    OVERSCAN,
    INITIAL_HEIGHT,
  );
  const lastIndex = Math.max(0, range.end - 1);

  // The rows' menus load once the first screen is up, not with it.
  useEffect(() => afterFirstPaint(preloadRowMenu), []);

  useEffect(() => {
    if (hasMore && !loading && lastIndex >= items.length - 15) loadMore();
  }, [hasMore, loading, lastIndex, items.length, loadMore]);

  useEffect(() => {
    if (cursor >= 0 && cursor < items.length) scrollToIndex(cursor);
  }, [cursor, items.length, scrollToIndex]);

  if (error)
    return (
      <p role="alert" className="p-4 text-sm text-danger-fg">
        {error}
      </p>
    );
  if (!loading && items.length === 0) return <p className="p-6 text-center text-sm text-fg-subtle">{t('empty')}</p>;

  return (
    <div
      ref={scroller}
      className="min-h-0 flex-1 overflow-y-auto"
      role="grid"
      aria-label={t('messages')}
      aria-rowcount={items.length}
    >
      <div style={{ height: totalHeight, position: 'relative' }}>
        {items.slice(range.start, range.end).map((item, offset) => {
          const index = range.start + offset;
          const view = rowOf(item);
          return (
            // No z-index on rows: the row menu opens in a portal above the page (components/ui/dropdown-menu), and
            // a row stacked above its neighbours would also be stacked above the compose window and dialogs.
            <div
              key={view.key}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${index * ROW_HEIGHT}px)`,
              }}
            >
              <MessageRow
                item={view}
                selected={selected.has(view.key)}
                active={isActive(view)}
                focused={index === cursor}
                onToggle={(shift) => onToggle(index, shift)}
                onOpen={() => onOpen(item)}
                onAction={(action, folderId) => onAction(item, action, folderId)}
                onWork={(kind) => onWork(item, kind)}
                moveTargets={moveTargetsOf(item)}
                folderLabel={folderLabelOf(item)}
              />
            </div>
          );
        })}
      </div>
      {loading && <p className="p-3 text-center text-xs text-fg-subtle">{t('loading')}</p>}
    </div>
  );
}
