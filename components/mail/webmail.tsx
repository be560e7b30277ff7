'use client';

import { Menu } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { afterFirstPaint } from '@/components/ui/after-first-paint';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { defaultFolderId } from '@/lib/mail/webmail/opening-folder';
import { FilterBar } from './filter-bar';
import { FolderPane } from './folder-pane';
import { type InitialList, useInitialList } from './initial-list';
import { useLiveMail } from './live/use-live-mail';
import { ApiError, errorMessage } from './mail-api';
import { MessageList } from './message-list';
import { MessageToolbar } from './message-toolbar';
import { ReadingPane } from './reading-pane';
import type { ReplyMode } from './message-view';
import { moveTargetsFor } from './move-targets';
import { NoMailbox, type NoMailboxReason } from './no-mailbox';
import { useNotices } from './notices';
import type { RowView } from './row-view';
import { useConversation, useFolders, useMessage } from './use-mail-data';
import { useMailRows } from './use-mail-rows';
import { type MailView, useMailView } from './use-mail-view';
import { useMailCommands } from './use-mail-commands';
import { useMailLocation } from './use-mail-location';
import { useMarkReadOnOpen } from './use-mark-read-on-open';
import { useMessageActions, type ActionName, type ActionTarget } from './use-message-actions';
import { useSelection } from './use-selection';
import { useShortcuts, type ShortcutKey } from './use-shortcuts';
import { syncAndRefresh } from './use-sync-mailbox';
import { useWork } from './work/use-work';
import type { WorkSource } from './work/work-kinds';

// What is not on the screen at first (the reading pane, the editor, the shortcut sheet) loads when needed,
// keeping the inbox's first load small.
const ComposeWindow = dynamic(() => import('./compose/compose-window').then((m) => m.ComposeWindow), { ssr: false });
const WorkDialog = dynamic(() => import('./work/work-dialog').then((m) => m.WorkDialog), { ssr: false });
const ShortcutHelp = dynamic(() => import('./shortcut-help').then((m) => m.ShortcutHelp), { ssr: false });
const DeleteForGoodDialog = dynamic(() => import('./delete-for-good-dialog').then((m) => m.DeleteForGoodDialog), {
  ssr: false,
});

const workSource = (row: RowView): WorkSource => ({
  id: row.messageId,
  subject: row.subject,
  fromName: row.fromName,
  fromAddress: row.fromAddress,
});
// What an action on a row reaches: the message, or the conversation in the row's folder.
const targetOf = (row: RowView): ActionTarget => ({
  id: row.key,
  folderId: row.folderId,
  seen: row.seen,
  unread: row.unread,
});

export type ComposeRequest = { mode: 'new' } | { mode: ReplyMode; messageId: number };

/** The three panes of the webmail (one at a time on a phone) and the keyboard shortcuts that drive them. */
export function Webmail({
  initialMailboxes,
  noMailboxReason = 'employee',
  initialMailView = 'conversations',
  initialList,
}: {
  initialMailboxes: WebmailMailbox[];
  noMailboxReason?: NoMailboxReason;
  initialMailView?: MailView;
  // The first page of the list, rendered with the page (app/(app)/mail/page.tsx); null: the client fetches it.
  initialList?: InitialList | null;
}) {
  useInitialList(initialList);
  const t = useTranslations('mail');
  const mailView = useMailView(initialMailView);
  const byConversation = mailView.view === 'conversations';
  const notices = useNotices();
  const queryClient = useQueryClient();
  const { location, navigate } = useMailLocation();
  const folders = useFolders(initialMailboxes);
  // New mail, counts and changes from other devices arrive as server-sent events; the tab title shows the unread count.
  useLiveMail();
  const mailboxes = useMemo(() => folders.data ?? [], [folders.data]);
  const allFolders = useMemo(
    () => mailboxes.flatMap((m) => m.folders.map((f) => ({ ...f, mailboxId: m.id }))),
    [mailboxes],
  );
  const folderId = location.folderId ?? defaultFolderId(mailboxes);
  const current = { ...location, folderId };
  const folder = allFolders.find((f) => f.id === folderId);
  const moveTargets = useMemo(() => moveTargetsFor(allFolders, folder), [allFolders, folder]);
  // Rows of another folder (an `in:all` search) move within their own mailbox and say where they are.
  const folderOf = useCallback(
    (item: { folderId: number }) => allFolders.find((f) => f.id === item.folderId),
    [allFolders],
  );
  const moveTargetsOf = useCallback(
    (item: { folderId: number }) =>
      item.folderId === folderId ? moveTargets : moveTargetsFor(allFolders, folderOf(item)),
    [allFolders, folderId, folderOf, moveTargets],
  );
  const folderLabelOf = useCallback(
    (item: { folderId: number }) => {
      const own = item.folderId === folderId ? undefined : folderOf(item);
      if (!own) return null;
      const name = own.specialUse ? t(`special.${own.specialUse}`) : own.name;
      const mailbox = own.mailboxId === folder?.mailboxId ? null : mailboxes.find((m) => m.id === own.mailboxId);
      return mailbox ? `${name} · ${mailbox.email}` : name;
    },
    [folder?.mailboxId, folderId, folderOf, mailboxes, t],
  );

  const list = useMailRows(current, mailView.view, mailboxes);
  const items = list.rows;
  const ids = useMemo(() => items.map((i) => i.key), [items]);
  const selection = useSelection(ids);
  const [cursor, setCursor] = useState(-1);
  const [showFolders, setShowFolders] = useState(false);
  const [help, setHelp] = useState(false);
  const [compose, setCompose] = useState<ComposeRequest | null>(null);
  const message = useMessage(location.threadId ? null : location.messageId);
  const conversation = useConversation(location.threadId, folderId);
  const newestOpen = conversation.data?.messages.at(-1);
  const actions = useMessageActions();
  const work = useWork();
  // Answering needs the right to send from the open message's mailbox (a "read" grant has not).
  const openMailboxId = location.threadId ? conversation.data?.mailboxId : message.data?.mailboxId;
  const canReply = mailboxes.find((m) => m.id === openMailboxId)?.canSend ?? false;

  // Opening a mailbox syncs it now (SPEC §4), once per visit.
  const synced = useRef(new Set<string>());
  useEffect(() => {
    const mailboxId = folder?.mailboxId;
    if (!mailboxId || synced.current.has(mailboxId)) return;
    // After the first screen is up: the rows it shows came with the page.
    return afterFirstPaint(() => {
      synced.current.add(mailboxId);
      syncAndRefresh(queryClient, mailboxId).catch((error: unknown) =>
        notices.show(errorMessage(error), { tone: 'error' }),
      );
    });
  }, [folder?.mailboxId, notices, queryClient]);

  const { rowOpened, conversationOpened } = useMarkReadOnOpen(actions, folderId, message.data);
  const open = useCallback(
    (row: RowView) => {
      setCursor(ids.indexOf(row.key));
      // A conversation of one message opens as that message, exactly as in the message view.
      if (row.threadId !== null && row.count !== null) {
        navigate({ threadId: row.threadId, messageId: null });
        return;
      }
      navigate({ messageId: row.messageId, threadId: null });
      rowOpened(row);
    },
    [ids, navigate, rowOpened],
  );

  const closePane = useCallback(() => navigate({ messageId: null, threadId: null }, { replace: true }), [navigate]);
  const { act, deleteForGood, closeDeleteForGood } = useMailCommands({
    actions,
    rows: items,
    location,
    folder,
    folderOf,
    openMessage: message.data,
    clearSelection: selection.clear,
    closePane,
  });
  // Rows act as conversations in the conversation view; the pane acts on what it shows.
  const actOnRows = (action: ActionName, rows: RowView[], moveTo?: number) =>
    act(action, rows.map(targetOf), moveTo, byConversation);

  const selectedRows = items.filter((i) => selection.selected.has(i.key));
  const openConversation = conversation.data;
  const openTarget: ActionTarget[] =
    location.threadId && openConversation && folderId !== null
      ? [
          {
            id: openConversation.threadId,
            folderId,
            seen: openConversation.messages.every((m) => m.seen),
            unread: openConversation.messages.filter((m) => !m.seen && m.folderId === folderId).length,
          },
        ]
      : message.data
        ? [{ id: message.data.id, folderId: message.data.folderId, seen: message.data.seen }]
        : [];
  const actOnOpen = (action: ActionName, moveTo?: number) =>
    act(action, openTarget, moveTo, location.threadId !== null);
  const focusAct = (action: ActionName, moveTo?: number) => {
    if (selectedRows.length > 0) actOnRows(action, selectedRows, moveTo);
    else if (openTarget.length > 0) actOnOpen(action, moveTo);
    else if (items[cursor]) actOnRows(action, [items[cursor]], moveTo);
  };
  const replyTo = location.threadId ? (newestOpen?.id ?? null) : location.messageId;

  useShortcuts(
    (key: ShortcutKey) => {
      const move = (step: number) => {
        const next = Math.min(Math.max(cursor + step, 0), items.length - 1);
        setCursor(next);
        if ((location.messageId || location.threadId) && items[next]) open(items[next]);
      };
      if (key === 'j') move(1);
      else if (key === 'k') move(-1);
      else if (key === 'o' && items[cursor]) open(items[cursor]);
      else if (key === 'x' && cursor >= 0) selection.toggle(cursor, false);
      else if (key === '#') focusAct('delete');
      else if (key === 'U') focusAct('unread');
      else if (key === 's') focusAct('flag');
      else if (key === 'e') {
        const archive = allFolders.find((f) => f.mailboxId === folder?.mailboxId && f.specialUse === 'archive');
        if (archive) focusAct('move', archive.id);
        else notices.show(t('noArchive'), { tone: 'error' });
      } else if (key === 'c') setCompose({ mode: 'new' });
      else if ((key === 'r' || key === 'a' || key === 'f') && replyTo && canReply)
        setCompose({ mode: key === 'r' ? 'reply' : key === 'a' ? 'replyAll' : 'forward', messageId: replyTo });
      else if (key === '/') document.getElementById('mail-search')?.focus();
      else if (key === '?') setHelp(true);
    },
    compose === null && !help && work.request === null && deleteForGood === null,
  );

  // Set once this component's effects (shortcuts among them) are in place: the rows come in the page's HTML,
  // visible before the scripts run, and tests that type must wait for this rather than for a row.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  if (mailboxes.length === 0) return <NoMailbox reason={noMailboxReason} />;

  const pane = location.messageId || location.threadId ? 'message' : showFolders ? 'folders' : 'list';
  const hiddenOnPhone = (name: string) => (pane === name ? 'flex' : 'hidden md:flex');
  return (
    <div className="flex h-full min-h-0" data-hydrated={hydrated ? '' : undefined}>
      <div className={`${hiddenOnPhone('folders')} w-full shrink-0 flex-col border-r border-line bg-surface md:w-60`}>
        <FolderPane
          mailboxes={mailboxes}
          folderId={folderId}
          onCompose={() => setCompose({ mode: 'new' })}
          onSelect={(id) => {
            setShowFolders(false);
            setCursor(-1);
            selection.clear();
            navigate({ folderId: id, messageId: null, threadId: null });
          }}
        />
      </div>
      <section
        aria-label={t('messages')}
        className={`${hiddenOnPhone('list')} w-full min-w-0 shrink-0 flex-col border-r border-line bg-surface md:w-[26rem]`}
      >
        <div className="flex items-center justify-between px-3 pt-2 md:hidden">
          <button
            type="button"
            className="inline-flex items-center gap-1.5 text-sm text-accent-fg"
            onClick={() => setShowFolders(true)}
          >
            <Menu aria-hidden className="size-4" />
            {t('folders')}
          </button>
          <button
            type="button"
            className="text-sm font-semibold text-accent-fg"
            onClick={() => setCompose({ mode: 'new' })}
          >
            {t('compose')}
          </button>
        </div>
        <h1 className="px-3 pt-2 text-base font-semibold text-fg">
          {folder ? (folder.specialUse ? t(`special.${folder.specialUse}`) : folder.name) : ''}
        </h1>
        <FilterBar key={folderId ?? 0} location={current} onChange={(changes) => navigate(changes)} />
        <MessageToolbar
          count={selection.selected.size}
          allSelected={selection.allSelected}
          onSelectAll={selection.selectAll}
          moveTargets={moveTargets}
          onAction={(action, moveTo) => actOnRows(action, selectedRows, moveTo)}
          onWork={(kind) => work.start(kind, selectedRows.map(workSource))}
          view={mailView.view}
          onViewChange={(view) => {
            selection.clear();
            setCursor(-1);
            mailView.change(view);
          }}
        />
        <MessageList
          items={items}
          rowOf={(row) => row}
          loading={list.loading}
          // A malformed search (400) is explained by the filter bar's hint, in the user's words.
          error={
            list.error && !(list.error instanceof ApiError && list.error.status === 400)
              ? errorMessage(list.error)
              : null
          }
          hasMore={list.hasMore}
          loadMore={() => void list.loadMore()}
          selected={selection.selected}
          isActive={(row) =>
            location.threadId !== null
              ? row.threadId === location.threadId
              : location.messageId !== null && row.messageId === location.messageId
          }
          cursor={cursor}
          onToggle={selection.toggle}
          onOpen={open}
          onAction={(item, action, moveTo) => actOnRows(action, [item], moveTo)}
          onWork={(item, kind) => work.start(kind, [workSource(item)])}
          moveTargetsOf={moveTargetsOf}
          folderLabelOf={folderLabelOf}
        />
      </section>
      <section aria-label={t('reading')} className={`${hiddenOnPhone('message')} min-w-0 flex-1 flex-col bg-surface`}>
        <ReadingPane
          threadId={location.threadId}
          messageId={location.messageId}
          folderId={folderId}
          conversation={conversation}
          message={message}
          onAction={(action) => actOnOpen(action)}
          onReply={(mode, messageId) => setCompose({ mode, messageId })}
          onWork={(kind, source) => work.start(kind, [source])}
          onConversationOpened={conversationOpened}
          onBack={() => navigate({ messageId: null, threadId: null })}
        />
      </section>
      {compose && (
        <ComposeWindow
          request={compose}
          mailboxes={mailboxes.filter((m) => m.canSend)}
          defaultMailboxId={folder?.mailboxId}
          onClose={() => setCompose(null)}
        />
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {work.request && <WorkDialog request={work.request} onClose={work.close} />}
      {deleteForGood && (
        <DeleteForGoodDialog request={deleteForGood} onConfirm={deleteForGood.run} onClose={closeDeleteForGood} />
      )}
    </div>
  );
}
