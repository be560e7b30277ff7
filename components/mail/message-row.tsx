'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Ellipsis, Paperclip, Reply, Star } from 'lucide-react';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import type { RowView } from './row-view';
import type { ActionName } from './use-message-actions';
import type { WorkKind } from './work/work-kinds';
import { useAfterMenuClose, WorkMenuItems } from './work/work-menu';

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

type RowMenuProps = Pick<Props, 'item' | 'onAction' | 'onWork' | 'moveTargets'>;

/**
 * The ⋯ menu beside the sender: the actions on this message (or on the whole conversation in this folder),
 * moving it, and making work from it (from a conversation's newest message).
 */
function RowMenu({ item, onAction, onWork, moveTargets }: RowMenuProps) {
  const t = useTranslations('mail.actions');
  const tMail = useTranslations('mail');
  const menu = useAfterMenuClose();
  const entries: ActionName[] = [item.seen ? 'unread' : 'read', item.flagged ? 'unflag' : 'flag', 'spam', 'delete'];
  const folderName = (folder: FolderView) => (folder.specialUse ? tMail(`special.${folder.specialUse}`) : folder.name);
  return (
    // The menu is in a portal, but React bubbles its clicks through the component tree: without this they
    // would reach the row and open the message.
    // biome-ignore lint/a11y/noStaticElementInteractions: only stops clicks bubbling; the menu has its own keys
    // biome-ignore lint/a11y/useKeyWithClickEvents: as above
    <div onClick={(e) => e.stopPropagation()}>
      <DropdownMenu>
        <DropdownMenuTrigger
          ref={menu.trigger}
          aria-label={t('menu')}
          className="rounded px-1 text-fg-subtle hover:bg-surface-strong data-[state=open]:bg-surface-strong"
        >
          <Ellipsis aria-hidden className="size-4" />
        </DropdownMenuTrigger>
        <DropdownMenuContent
          align="start"
          // Keys typed in the menu are its own (typeahead, arrows), not the webmail's shortcuts.
          onKeyDown={(e) => e.stopPropagation()}
          onCloseAutoFocus={menu.onCloseAutoFocus}
        >
          {entries.map((action) => (
            <DropdownMenuItem key={action} onSelect={() => onAction(action)}>
              {t(action)}
            </DropdownMenuItem>
          ))}
          {moveTargets.length > 0 && <DropdownMenuSeparator />}
          {moveTargets.map((folder) => (
            <DropdownMenuItem key={folder.id} onSelect={() => onAction('move', folder.id)}>
              {t('moveTo', { folder: folderName(folder) })}
            </DropdownMenuItem>
          ))}
          <DropdownMenuSeparator />
          <WorkMenuItems count={1} onWork={onWork} later={menu.later} />
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}

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
  const today = new Date().toDateString() === received.toDateString();
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
          <RowMenu item={item} onAction={onAction} onWork={onWork} moveTargets={moveTargets} />
          <time dateTime={item.date} className="ml-auto shrink-0 text-xs text-fg-muted">
            {today
              ? format.dateTime(received, { hour: '2-digit', minute: '2-digit' })
              : format.dateTime(received, {
                  day: 'numeric',
                  month: 'short',
                  year: received.getFullYear() === new Date().getFullYear() ? undefined : 'numeric',
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
