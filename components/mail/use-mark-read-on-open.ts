'use client';

import { useCallback, useEffect, useRef } from 'react';
import type { ConversationView } from '@/lib/mail/webmail/get-conversation';
import type { MessageView } from '@/lib/mail/webmail/get-message';
import type { RowView } from './row-view';
import type { useMessageActions } from './use-message-actions';

/**
 * Opening marks read, once: a message opened from its row or by its address (/mail?m=…, a link from a task),
 * a conversation once it is on screen. Marking it unread afterwards sticks.
 */
export function useMarkReadOnOpen(
  actions: ReturnType<typeof useMessageActions>,
  folderId: number | null,
  openMessage: MessageView | undefined,
) {
  const run = actions.run;
  const messages = useRef(new Set<number>());
  const conversations = useRef(new Set<number>());

  const rowOpened = useCallback(
    (row: RowView) => {
      messages.current.add(row.messageId);
      if (!row.seen) run({ action: 'read', targets: [{ id: row.messageId, folderId: row.folderId, seen: false }] });
    },
    [run],
  );

  // Called by the conversation pane after it decided what to expand (the unread messages), not before.
  const conversationOpened = useCallback(
    (opened: ConversationView) => {
      if (folderId === null || conversations.current.has(opened.threadId)) return;
      conversations.current.add(opened.threadId);
      const unread = opened.messages.filter((m) => !m.seen && m.folderId === folderId).length;
      if (unread > 0)
        run({ action: 'read', targets: [{ id: opened.threadId, folderId, seen: false, unread }], conversations: true });
    },
    [run, folderId],
  );

  // A copy kept only for linked work is not on the server, so there is nothing to mark.
  useEffect(() => {
    if (!openMessage || messages.current.has(openMessage.id)) return;
    messages.current.add(openMessage.id);
    if (!openMessage.seen && !openMessage.goneFromServer)
      run({ action: 'read', targets: [{ id: openMessage.id, folderId: openMessage.folderId, seen: false }] });
  }, [openMessage, run]);

  return { rowOpened, conversationOpened };
}
