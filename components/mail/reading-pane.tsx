'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import type { ConversationView as Conversation } from '@/lib/mail/webmail/get-conversation';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';
import { errorMessage } from './mail-api';
import type { ReplyMode } from './message-actions-bar';
import type { ActionName } from './use-message-actions';
import type { WorkKind, WorkSource } from './work/work-kinds';

// Not on the screen at first: loads when a message or conversation is opened, keeping the inbox's first
// load small.
const MessageView = dynamic(() => import('./message-view').then((m) => m.MessageView), { ssr: false });
const ConversationView = dynamic(() => import('./conversation-view').then((m) => m.ConversationView), {
  ssr: false,
});

type Props = {
  threadId: number | null;
  messageId: number | null;
  folderId: number | null;
  conversation: UseQueryResult<Conversation>;
  message: UseQueryResult<Message>;
  // On what the pane shows: the conversation (in the open folder) or the message.
  onAction: (action: ActionName) => void;
  onReply: (mode: ReplyMode, messageId: number) => void;
  onWork: (kind: WorkKind, source: WorkSource) => void;
  onConversationOpened: (conversation: Conversation) => void;
  onBack: () => void;
};

/** The reading pane: an open conversation, an open message, or what is on the way. */
export function ReadingPane({
  threadId,
  messageId,
  folderId,
  conversation,
  message,
  onAction,
  onReply,
  onWork,
  onConversationOpened,
  onBack,
}: Props) {
  const t = useTranslations('mail');
  const failure = (error: unknown) => (
    <p role="alert" className="p-6 text-sm text-danger-fg">
      {errorMessage(error)}
    </p>
  );
  const waiting = (text: string) => <p className="m-auto p-6 text-sm text-fg-subtle">{text}</p>;

  if (threadId !== null) {
    if (conversation.data && folderId !== null)
      return (
        <ConversationView
          key={`${conversation.data.threadId}:${folderId}`}
          conversation={conversation.data}
          folderId={folderId}
          onAction={onAction}
          onReply={onReply}
          onWork={onWork}
          onOpened={onConversationOpened}
          onBack={onBack}
        />
      );
    return conversation.error ? failure(conversation.error) : waiting(t('loading'));
  }
  const open = message.data;
  if (open)
    return (
      <MessageView
        key={open.id}
        message={open}
        onAction={onAction}
        onReply={(mode) => onReply(mode, open.id)}
        onWork={(kind) =>
          onWork(kind, { id: open.id, subject: open.subject, fromName: open.from.name, fromAddress: open.from.address })
        }
        onBack={onBack}
      />
    );
  if (message.error) return failure(message.error);
  return waiting(messageId ? t('loading') : t('nothingOpen'));
}
