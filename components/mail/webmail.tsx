'use client';

import { Menu } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import type { MessageListItem } from '@/lib/mail/webmail/list-messages';
import { FilterBar } from './filter-bar';
import { FolderPane } from './folder-pane';
import type { DeleteForGood } from './delete-for-good-dialog';
import { ApiError, errorMessage } from './mail-api';
import { MessageList } from './message-list';
import { MessageToolbar } from './message-toolbar';
import type { ReplyMode } from './message-view';
import { moveTargetsFor } from './move-targets';
import { NoMailbox, type NoMailboxReason } from './no-mailbox';
import { useNotices } from './notices';
import { useFolders, useMessage, useMessageList } from './use-mail-data';
import { useMailLocation } from './use-mail-location';
import { useMessageActions, type ActionName, type ActionTarget } from './use-message-actions';
import { useSelection } from './use-selection';
import { useShortcuts, type ShortcutKey } from './use-shortcuts';
import { syncAndRefresh } from './use-sync-mailbox';
import { useWork } from './work/use-work';
import type { WorkSource } from './work/work-kinds';

// What is not on the screen at first (the reading pane, the editor, the shortcut sheet) loads when needed,
// keeping the inbox's first load small.
const ComposeWindow = dynamic(() => import('./compose/compose-window').then((m) => m.ComposeWindow), { ssr: false });
const MessageView = dynamic(() => import('./message-view').then((m) => m.MessageView), { ssr: false });
const WorkDialog = dynamic(() => import('./work/work-dialog').then((m) => m.WorkDialog), { ssr: false });
const ShortcutHelp = dynamic(() => import('./shortcut-help').then((m) => m.ShortcutHelp), { ssr: false });
const DeleteForGoodDialog = dynamic(() => import('./delete-for-good-dialog').then((m) => m.DeleteForGoodDialog), {
  ssr: false,
});

const workSource = (item: MessageListItem): WorkSource => ({
  id: item.id,
  subject: item.subject,
  fromName: item.fromName,
  fromAddress: item.fromAddress,
});

export type ComposeRequest = { mode: 'new' } | { mode: ReplyMode; messageId: number };

/** The three panes of the webmail (one at a time on a phone) and the keyboard shortcuts that drive them. */
export function Webmail({
  initialMailboxes,
  noMailboxReason = 'employee',
}: {
  initialMailboxes: WebmailMailbox[];
  noMailboxReason?: NoMailboxReason;
}) {
  const t = useTranslations('mail');
  const notices = useNotices();
  const queryClient = useQueryClient();
  const { location, navigate } = useMailLocation();
  const folders = useFolders(initialMailboxes);
  const mailboxes = useMemo(() => folders.data ?? [], [folders.data]);
  const allFolders = useMemo(
    () => mailboxes.flatMap((m) => m.folders.map((f) => ({ ...f, mailboxId: m.id }))),
    [mailboxes],
  );
  const folderId =
    location.folderId ??
    mailboxes[0]?.folders.find((f) => f.specialUse === 'inbox')?.id ??
    mailboxes[0]?.folders[0]?.id ??
    null;
  const current = { ...location, folderId };
  const folder = allFolders.find((f) => f.id === folderId);
  const moveTargets = useMemo(() => moveTargetsFor(allFolders, folder), [allFolders, folder]);
  // Rows of another folder (an `in:all` search) move within their own mailbox and say where they are.
  const folderOf = useCallback(
    (item: { folderId: number }) => allFolders.find((f) => f.id === item.folderId),
    [allFolders],
  );
  const moveTargetsOf = useCallback(
    (item: MessageListItem) => (item.folderId === folderId ? moveTargets : moveTargetsFor(allFolders, folderOf(item))),
    [allFolders, folderId, folderOf, moveTargets],
  );
  const folderLabelOf = useCallback(
    (item: MessageListItem) => {
      const own = item.folderId === folderId ? undefined : folderOf(item);
      if (!own) return null;
      const name = own.specialUse ? t(`special.${own.specialUse}`) : own.name;
      const mailbox = own.mailboxId === folder?.mailboxId ? null : mailboxes.find((m) => m.id === own.mailboxId);
      return mailbox ? `${name} · ${mailbox.email}` : name;
    },
    [folder?.mailboxId, folderId, folderOf, mailboxes, t],
  );

  const list = useMessageList(current);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const ids = useMemo(() => items.map((i) => i.id), [items]);
  const selection = useSelection(ids);
  const [cursor, setCursor] = useState(-1);
  const [showFolders, setShowFolders] = useState(false);
  const [help, setHelp] = useState(false);
  const [compose, setCompose] = useState<ComposeRequest | null>(null);
  const [deleteForGood, setDeleteForGood] = useState<(DeleteForGood & { run: () => void }) | null>(null);
  const message = useMessage(location.messageId);
  const actions = useMessageActions();
  const work = useWork();
  // Answering needs the right to send from the open message's mailbox (a "read" grant has not).
  const canReply = mailboxes.find((m) => m.id === message.data?.mailboxId)?.canSend ?? false;

  // Opening a mailbox syncs it now (SPEC §4), once per visit.
  const synced = useRef(new Set<string>());
  useEffect(() => {
    const mailboxId = folder?.mailboxId;
    if (!mailboxId || synced.current.has(mailboxId)) return;
    synced.current.add(mailboxId);
    syncAndRefresh(queryClient, mailboxId).catch((error: unknown) =>
      notices.show(errorMessage(error), { tone: 'error' }),
    );
  }, [folder?.mailboxId, notices, queryClient]);

  // Messages already marked read for being opened: by a click in the list, or below, once loaded.
  const markedOnOpen = useRef(new Set<number>());
  const open = useCallback(
    (item: MessageListItem) => {
      setCursor(ids.indexOf(item.id));
      navigate({ messageId: item.id });
      markedOnOpen.current.add(item.id);
      if (!item.seen) actions.run({ action: 'read', targets: [item] });
    },
    [ids, navigate, actions],
  );

  // A message opened by its address (/mail?m=…, a link from a task) is read too, once: marking it unread
  // afterwards sticks. A copy kept only for linked work is not on the server, so there is nothing to mark.
  const opened = message.data;
  const runAction = actions.run;
  useEffect(() => {
    if (!opened || markedOnOpen.current.has(opened.id)) return;
    markedOnOpen.current.add(opened.id);
    if (!opened.seen && !opened.goneFromServer)
      runAction({ action: 'read', targets: [{ id: opened.id, folderId: opened.folderId, seen: false }] });
  }, [opened, runAction]);

  const act = useCallback(
    (action: ActionName, targets: ActionTarget[], moveTo?: number) => {
      if (targets.length === 0) return;
      const run = () => {
        actions.run({ action, targets, folderId: moveTo });
        if (action === 'spam' || action === 'move' || action === 'delete') {
          selection.clear();
          if (location.messageId && targets.some((m) => m.id === location.messageId))
            navigate({ messageId: null }, { replace: true });
        }
      };
      // In Trash, Delete is for good (deleteMessages): asked first, saying which messages are linked to work.
      const inTrash = (m: ActionTarget) => (m.folderId === folderId ? folder : folderOf(m))?.specialUse === 'trash';
      if (action === 'delete' && targets.some(inTrash)) {
        const known = new Map(items.map((i) => [i.id, i.linkKinds]));
        if (message.data) known.set(message.data.id, message.data.linkKinds);
        const linkKinds = targets.map((m) => known.get(m.id) ?? []);
        const kinds = [...new Set(linkKinds.flat())];
        setDeleteForGood({ count: targets.length, linked: linkKinds.filter((k) => k.length > 0).length, kinds, run });
        return;
      }
      run();
    },
    [actions, folder, folderId, folderOf, items, location.messageId, message.data, navigate, selection],
  );

  const selectedTargets = items.filter((i) => selection.selected.has(i.id));
  const openTarget: ActionTarget[] = message.data
    ? [{ id: message.data.id, folderId: message.data.folderId, seen: message.data.seen }]
    : [];
  const focusTargets = () =>
    selectedTargets.length > 0
      ? selectedTargets
      : openTarget.length > 0
        ? openTarget
        : items[cursor]
          ? [items[cursor]]
          : [];

  useShortcuts(
    (key: ShortcutKey) => {
      const move = (step: number) => {
        const next = Math.min(Math.max(cursor + step, 0), items.length - 1);
        setCursor(next);
        if (location.messageId && items[next]) open(items[next]);
      };
      if (key === 'j') move(1);
      else if (key === 'k') move(-1);
      else if (key === 'o' && items[cursor]) open(items[cursor]);
      else if (key === 'x' && cursor >= 0) selection.toggle(cursor, false);
      else if (key === '#') act('delete', focusTargets());
      else if (key === 'U') act('unread', focusTargets());
      else if (key === 's') act('flag', focusTargets());
      else if (key === 'e') {
        const archive = allFolders.find((f) => f.mailboxId === folder?.mailboxId && f.specialUse === 'archive');
        if (archive) act('move', focusTargets(), archive.id);
        else notices.show(t('noArchive'), { tone: 'error' });
      } else if (key === 'c') setCompose({ mode: 'new' });
      else if ((key === 'r' || key === 'a' || key === 'f') && location.messageId && canReply)
        setCompose({
          mode: key === 'r' ? 'reply' : key === 'a' ? 'replyAll' : 'forward',
          messageId: location.messageId,
        });
      else if (key === '/') document.getElementById('mail-search')?.focus();
      else if (key === '?') setHelp(true);
    },
    compose === null && !help && work.request === null && deleteForGood === null,
  );

  if (mailboxes.length === 0) return <NoMailbox reason={noMailboxReason} />;

  const pane = location.messageId ? 'message' : showFolders ? 'folders' : 'list';
  const hiddenOnPhone = (name: string) => (pane === name ? 'flex' : 'hidden md:flex');
  return (
    <div className="flex h-full min-h-0">
      <div className={`${hiddenOnPhone('folders')} w-full shrink-0 flex-col border-r border-line bg-surface md:w-60`}>
        <FolderPane
          mailboxes={mailboxes}
          folderId={folderId}
          onCompose={() => setCompose({ mode: 'new' })}
          onSelect={(id) => {
            setShowFolders(false);
            setCursor(-1);
            selection.clear();
            navigate({ folderId: id, messageId: null });
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
          onAction={(action, moveTo) => act(action, selectedTargets, moveTo)}
          onWork={(kind) => work.start(kind, selectedTargets.map(workSource))}
        />
        <MessageList
          items={items}
          loading={list.isFetching && !list.isRefetching}
          // A malformed search (400) is explained by the filter bar's hint, in the user's words.
          error={
            list.error && !(list.error instanceof ApiError && list.error.status === 400)
              ? errorMessage(list.error)
              : null
          }
          hasMore={Boolean(list.hasNextPage)}
          loadMore={() => void list.fetchNextPage()}
          selected={selection.selected}
          activeId={location.messageId}
          cursor={cursor}
          onToggle={selection.toggle}
          onOpen={open}
          onAction={(item, action, moveTo) => act(action, [item], moveTo)}
          onWork={(item, kind) => work.start(kind, [workSource(item)])}
          moveTargetsOf={moveTargetsOf}
          folderLabelOf={folderLabelOf}
        />
      </section>
      <section aria-label={t('reading')} className={`${hiddenOnPhone('message')} min-w-0 flex-1 flex-col bg-surface`}>
        {message.data ? (
          <MessageView
            key={message.data.id}
            message={message.data}
            onAction={(action) => act(action, openTarget)}
            onReply={(mode) => setCompose({ mode, messageId: message.data!.id })}
            onWork={(kind) =>
              work.start(kind, [
                {
                  id: message.data!.id,
                  subject: message.data!.subject,
                  fromName: message.data!.from.name,
                  fromAddress: message.data!.from.address,
                },
              ])
            }
            onBack={() => navigate({ messageId: null })}
          />
        ) : message.error ? (
          <p role="alert" className="p-6 text-sm text-danger-fg">
            {errorMessage(message.error)}
          </p>
        ) : (
          <p className="m-auto p-6 text-sm text-fg-subtle">{location.messageId ? t('loading') : t('nothingOpen')}</p>
        )}
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
        <DeleteForGoodDialog
          request={deleteForGood}
          onConfirm={deleteForGood.run}
          onClose={() => setDeleteForGood(null)}
        />
      )}
    </div>
  );
}
