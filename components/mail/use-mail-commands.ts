'use client';

import { useCallback, useState } from 'react';
import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';
import type { MessageView } from '@/lib/mail/webmail/get-message';
import type { DeleteForGood } from './delete-for-good-dialog';
import type { RowView } from './row-view';
import type { MailLocation } from './use-mail-location';
import type { ActionName, ActionTarget, useMessageActions } from './use-message-actions';

type Options = {
  actions: ReturnType<typeof useMessageActions>;
  rows: RowView[];
  location: MailLocation;
  folder: FolderView | undefined;
  folderOf: (target: { folderId: number }) => FolderView | undefined;
  openMessage: MessageView | undefined;
  clearSelection: () => void;
  closePane: () => void;
};

/**
 * Runs an action on messages or conversations: what leaves the folder leaves the selection and closes the
 * pane showing it; Delete in Trash is for good and asked first (the dialog's request is returned).
 */
export function useMailCommands({
  actions,
  rows,
  location,
  folder,
  folderOf,
  openMessage,
  clearSelection,
  closePane,
}: Options) {
  const [deleteForGood, setDeleteForGood] = useState<(DeleteForGood & { run: () => void }) | null>(null);
  const act = useCallback(
    (action: ActionName, targets: ActionTarget[], moveTo?: number, conversations = false) => {
      if (targets.length === 0) return;
      const run = () => {
        actions.run({ action, targets, folderId: moveTo, conversations });
        if (action === 'spam' || action === 'move' || action === 'delete') {
          clearSelection();
          const ids = new Set(targets.map((m) => m.id));
          // A one-message conversation is open as its message: it closes with its row too.
          const closes = conversations
            ? (location.threadId !== null && ids.has(location.threadId)) ||
              rows.some((row) => ids.has(row.key) && row.messageId === location.messageId)
            : location.messageId !== null && ids.has(location.messageId);
          if (closes) closePane();
        }
      };
      // In Trash, Delete is for good (deleteMessages): asked first, saying which messages are linked to work.
      const inTrash = (m: ActionTarget) => (m.folderId === folder?.id ? folder : folderOf(m))?.specialUse === 'trash';
      if (action === 'delete' && targets.some(inTrash)) {
        const known = new Map(rows.map((i) => [i.key, i.linkKinds]));
        if (openMessage && !conversations) known.set(openMessage.id, openMessage.linkKinds);
        const linkKinds = targets.map((m) => known.get(m.id) ?? []);
        const kinds = [...new Set(linkKinds.flat())];
        setDeleteForGood({ count: targets.length, linked: linkKinds.filter((k) => k.length > 0).length, kinds, run });
        return;
      }
      run();
    },
    [actions, clearSelection, closePane, folder, folderOf, location.messageId, location.threadId, openMessage, rows],
  );
  return { act, deleteForGood, closeDeleteForGood: useCallback(() => setDeleteForGood(null), []) };
}
