'use client';

import { ArrowLeft } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { ConversationView as Conversation } from '@/lib/mail/webmail/get-conversation';
import { ConversationMessage } from './conversation-message';
import { MessageActionsBar, type ReplyMode } from './message-actions-bar';
import { useFolders } from './use-mail-data';
import type { ActionName } from './use-message-actions';
import type { WorkKind, WorkSource } from './work/work-kinds';

type Props = {
  conversation: Conversation;
  folderId: number;
  // Actions on the whole conversation in the open folder (the list row's actions).
  onAction: (action: ActionName) => void;
  onReply: (mode: ReplyMode, messageId: number) => void;
  onWork: (kind: WorkKind, source: WorkSource) => void;
  // Called once the conversation is on screen, to mark it read as opening a message does.
  onOpened: (conversation: Conversation) => void;
  onBack: () => void;
};

export const workSourceOf = (m: Conversation['messages'][number]): WorkSource => ({
  id: m.id,
  subject: m.subject,
  fromName: m.fromName,
  fromAddress: m.fromAddress,
});

/**
 * The reading pane for a conversation: its messages oldest to newest, Sent replies among them. The newest and
 * the unread ones open expanded, older read ones as one line each (a click opens them), as in Gmail.
 */
export function ConversationView({ conversation, folderId, onAction, onReply, onWork, onOpened, onBack }: Props) {
  const t = useTranslations('mail');
  const tc = useTranslations('conversation');
  const { messages } = conversation;
  // The mailbox's own address reads "me", as in the list's participants.
  const own = useFolders().data?.find((m) => m.id === conversation.mailboxId)?.email ?? null;
  const newest = messages.at(-1);
  // Decided from the conversation as it first arrives: marking it read on opening must not fold it again.
  const [expanded, setExpanded] = useState(
    () => new Set(messages.filter((m, i) => !m.seen || i === messages.length - 1).map((m) => m.id)),
  );
  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const reported = useRef(false);
  useEffect(() => {
    if (reported.current) return;
    reported.current = true;
    onOpened(conversation);
  }, [conversation, onOpened]);
  const summary = {
    mailboxId: conversation.mailboxId,
    seen: messages.every((m) => m.seen),
    flagged: messages.some((m) => m.flagged),
  };

  return (
    <article
      className="flex h-full min-h-0 flex-col"
      aria-label={conversation.subject || t('noSubject')}
      data-testid="conversation"
    >
      <header className="space-y-2 border-b border-line p-4">
        <button type="button" onClick={onBack} className="text-sm text-accent-fg md:hidden">
          <ArrowLeft aria-hidden className="inline size-4" /> {t('back')}
        </button>
        <h1 className="text-lg font-semibold text-fg">{conversation.subject || t('noSubject')}</h1>
        <p className="text-xs text-fg-muted">{tc('count', { count: messages.length })}</p>
        <MessageActionsBar
          message={summary}
          scope="conversation"
          label={tc('actions')}
          onAction={onAction}
          onReply={() => {}}
          onWork={(kind) => newest && onWork(kind, workSourceOf(newest))}
        />
        {conversation.truncated && <p className="text-xs text-fg-muted">{tc('truncated')}</p>}
      </header>
      <ol className="min-h-0 flex-1 overflow-y-auto" aria-label={tc('messages')}>
        {messages.map((m) => (
          <li key={m.id} className="border-b border-line-subtle">
            <ConversationMessage
              message={m}
              folderId={folderId}
              own={own}
              expanded={expanded.has(m.id)}
              onToggle={() => toggle(m.id)}
              onReply={(mode) => onReply(mode, m.id)}
              onWork={(kind) => onWork(kind, workSourceOf(m))}
            />
          </li>
        ))}
      </ol>
    </article>
  );
}
