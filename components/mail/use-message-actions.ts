'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { MessageListItem } from '@/lib/mail/webmail/list-messages';
import type { MessageView } from '@/lib/mail/webmail/get-message';
import { apiPost, errorMessage } from './mail-api';
import { useNotices } from './notices';
import {
  mailKeys,
  updateCachedConversations,
  updateCachedLists,
  updateCachedUnread,
  updateOpenConversations,
} from './use-mail-data';

export type ActionName = 'read' | 'unread' | 'flag' | 'unflag' | 'spam' | 'move' | 'delete';
// A message, or in the conversation view a conversation (`id` is then its thread id, and `unread` how many of
// its messages in the folder are unread).
export type ActionTarget = Pick<MessageListItem, 'id' | 'folderId' | 'seen'> & { unread?: number };
type Variables = {
  action: ActionName;
  targets: ActionTarget[];
  folderId?: number;
  permanent?: boolean;
  isUndo?: boolean;
  // The targets are conversations: the action applies to every message of each in the target's folder.
  conversations?: boolean;
};
// For conversations, `targets` are the messages reached, as they were before (for Undo).
type Result = { updated: number; deletedForGood: number; targets?: ActionTarget[] };

const removes = (action: ActionName) => action === 'spam' || action === 'move' || action === 'delete';

function send({ action, targets, folderId, conversations }: Variables): Promise<Result> {
  const moveTo = action === 'move' ? { folderId } : {};
  if (!conversations)
    return apiPost<Result>('/api/mail/messages/actions', { action, messageIds: targets.map((m) => m.id), ...moveTo });
  // One request per folder: a conversation's action reaches its messages in the folder it is listed from.
  const byFolder = new Map<number, ActionTarget[]>();
  for (const m of targets) byFolder.set(m.folderId, [...(byFolder.get(m.folderId) ?? []), m]);
  return Promise.all(
    [...byFolder].map(([source, group]) =>
      apiPost<Result>('/api/mail/messages/actions', {
        action,
        threadIds: group.map((m) => m.id),
        threadFolderId: source,
        ...moveTo,
      }),
    ),
  ).then((results) => ({
    updated: results.reduce((sum, r) => sum + r.updated, 0),
    deletedForGood: results.reduce((sum, r) => sum + r.deletedForGood, 0),
    targets: results.flatMap((r) => r.targets ?? []),
  }));
}

/**
 * The toolbar's and menus' actions: the lists, the open message and the unread counts change at once; if
 * the server refuses, everything is put back and the refusal is shown. Moves, spam and delete-to-Trash
 * offer Undo, which moves the messages back where they were.
 */
export function useMessageActions() {
  const client = useQueryClient();
  const notices = useNotices();
  const t = useTranslations('mail');
  const tc = useTranslations('conversation');

  const mutation = useMutation({
    mutationFn: send,
    onMutate: async ({ action, targets, isUndo, conversations }) => {
      // Only what this change rewrites: a message still loading in an opened conversation must not be cut off.
      await Promise.all(
        [
          mailKeys.lists,
          mailKeys.folders,
          mailKeys.conversationPrefix,
          ...(conversations ? [] : targets.map((m) => mailKeys.message(m.id))),
        ].map((queryKey) => client.cancelQueries({ queryKey })),
      );
      const ids = new Set(targets.map((m) => m.id));
      const seen = action === 'read' ? true : action === 'unread' ? false : undefined;
      const flagged = action === 'flag' ? true : action === 'unflag' ? false : undefined;
      const flags = { ...(seen === undefined ? {} : { seen }), ...(flagged === undefined ? {} : { flagged }) };
      const restoreLists = conversations
        ? () => {}
        : updateCachedLists(client, (item) => {
            if (!ids.has(item.id)) return item;
            return removes(action) ? null : { ...item, ...flags };
          });
      // A conversation row changes with its conversation, or with its only message in the folder.
      const restoreConversations = updateCachedConversations(client, (item) => {
        const hit = conversations
          ? ids.has(item.threadId)
          : item.folderMessageCount <= 1 && ids.has(item.latestMessageId);
        if (!hit) return item;
        if (removes(action)) return null;
        const unreadCount = seen === true ? 0 : item.unreadCount;
        return { ...item, ...flags, unreadCount };
      });
      const deltas = new Map<number, number>();
      // An undo's rows are no longer where `targets` says; the refetch after it sets the counts right.
      for (const m of isUndo ? [] : targets) {
        const unread = m.unread ?? (m.seen ? 0 : 1);
        const delta = (seen === true || removes(action)) && unread > 0 ? -unread : seen === false && m.seen ? 1 : 0;
        if (delta !== 0) deltas.set(m.folderId, (deltas.get(m.folderId) ?? 0) + delta);
      }
      const restoreUnread = updateCachedUnread(client, deltas);
      const restoreOpen = conversations ? updateOpenConversations(client, ids, flags) : () => {};
      const openViews = (conversations ? [] : targets).map(
        (m) => [m.id, client.getQueryData<MessageView>(mailKeys.message(m.id))] as const,
      );
      for (const [id, view] of openViews) {
        if (view)
          client.setQueryData<MessageView>(mailKeys.message(id), {
            ...view,
            ...(seen === undefined ? {} : { seen }),
            ...(flagged === undefined ? {} : { flagged }),
          });
      }
      return () => {
        restoreLists();
        restoreConversations();
        restoreOpen();
        restoreUnread();
        for (const [id, view] of openViews) client.setQueryData(mailKeys.message(id), view);
      };
    },
    onError: (error, _variables, restore) => {
      restore?.();
      notices.show(errorMessage(error), { tone: 'error' });
    },
    onSuccess: (result, variables) => {
      if (!removes(variables.action) || variables.isUndo) return;
      const count = variables.targets.length;
      if (result.deletedForGood > 0) {
        notices.show(t('notice.deletedForGood', { count: result.deletedForGood }));
        return;
      }
      // All targets of one action come from the folder on screen, so Undo is one move back there: for
      // conversations, of exactly the messages the server moved.
      const source = variables.targets[0]?.folderId;
      const moved = variables.conversations ? (result.targets ?? []) : variables.targets;
      const undo =
        source === undefined || moved.length === 0
          ? undefined
          : () => run({ action: 'move', targets: moved, folderId: source, isUndo: true });
      const notice = `notice.${variables.action as 'spam' | 'move' | 'delete'}` as const;
      // Conversations of one message each read as messages, as in the message view.
      const asMessages = !variables.conversations || moved.length === count;
      notices.show(asMessages ? t(notice, { count }) : tc(notice, { count }), { undo });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: mailKeys.folders });
      void client.invalidateQueries({ queryKey: mailKeys.lists });
      void client.invalidateQueries({ queryKey: mailKeys.conversationPrefix });
    },
  });
  // Stable, so that effects may depend on it.
  const mutate = mutation.mutate;
  const run = useCallback((variables: Variables) => mutate(variables), [mutate]);
  return { run, pending: mutation.isPending };
}
