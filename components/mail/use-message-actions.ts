'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { MessageListItem } from '@/lib/mail/webmail/list-messages';
import type { MessageView } from '@/lib/mail/webmail/get-message';
import { apiPost, errorMessage } from './mail-api';
import { useNotices } from './notices';
import { mailKeys, updateCachedLists, updateCachedUnread } from './use-mail-data';

export type ActionName = 'read' | 'unread' | 'flag' | 'unflag' | 'spam' | 'move' | 'delete';
export type ActionTarget = Pick<MessageListItem, 'id' | 'folderId' | 'seen'>;
type Variables = {
  action: ActionName;
  targets: ActionTarget[];
  folderId?: number;
  permanent?: boolean;
  isUndo?: boolean;
};

const removes = (action: ActionName) => action === 'spam' || action === 'move' || action === 'delete';

/**
 * The toolbar's and menus' actions: the lists, the open message and the unread counts change at once; if
 * the server refuses, everything is put back and the refusal is shown. Moves, spam and delete-to-Trash
 * offer Undo, which moves the messages back where they were.
 */
export function useMessageActions() {
  const client = useQueryClient();
  const notices = useNotices();
  const t = useTranslations('mail');

  const mutation = useMutation({
    mutationFn: ({ action, targets, folderId }: Variables) =>
      apiPost<{ updated: number; deletedForGood: number }>('/api/mail/messages/actions', {
        action,
        messageIds: targets.map((m) => m.id),
        ...(action === 'move' ? { folderId } : {}),
      }),
    onMutate: async ({ action, targets, isUndo }) => {
      await client.cancelQueries({ queryKey: ['mail'] });
      const ids = new Set(targets.map((m) => m.id));
      const seen = action === 'read' ? true : action === 'unread' ? false : undefined;
      const flagged = action === 'flag' ? true : action === 'unflag' ? false : undefined;
      const restoreLists = updateCachedLists(client, (item) => {
        if (!ids.has(item.id)) return item;
        if (removes(action)) return null;
        return { ...item, ...(seen === undefined ? {} : { seen }), ...(flagged === undefined ? {} : { flagged }) };
      });
      const deltas = new Map<number, number>();
      // An undo's rows are no longer where `targets` says; the refetch after it sets the counts right.
      for (const m of isUndo ? [] : targets) {
        const delta =
          (seen === true && !m.seen) || (removes(action) && !m.seen) ? -1 : seen === false && m.seen ? 1 : 0;
        if (delta !== 0) deltas.set(m.folderId, (deltas.get(m.folderId) ?? 0) + delta);
      }
      const restoreUnread = updateCachedUnread(client, deltas);
      const openViews = targets.map((m) => [m.id, client.getQueryData<MessageView>(mailKeys.message(m.id))] as const);
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
      // All targets of one action come from the folder on screen, so Undo is one move back there.
      const source = variables.targets[0]?.folderId;
      const undo =
        source === undefined
          ? undefined
          : () => run({ action: 'move', targets: variables.targets, folderId: source, isUndo: true });
      notices.show(t(`notice.${variables.action as 'spam' | 'move' | 'delete'}`, { count }), { undo });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: mailKeys.folders });
      void client.invalidateQueries({ queryKey: mailKeys.lists });
    },
  });
  // Stable, so that effects may depend on it.
  const mutate = mutation.mutate;
  const run = useCallback((variables: Variables) => mutate(variables), [mutate]);
  return { run, pending: mutation.isPending };
}
