'use client';

import { Flag, FlagOff, Forward, Mail, MailOpen, Reply, ReplyAll, ShieldAlert, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';
import { IconButton } from './icon-button';
import { useFolders } from './use-mail-data';
import type { ActionName } from './use-message-actions';
import { WorkMenu } from './work/work-menu';
import type { WorkKind } from './work/work-kinds';

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

type Props = {
  message: Pick<Message, 'mailboxId' | 'seen' | 'flagged'>;
  onAction: (action: ActionName) => void;
  onReply: (mode: ReplyMode) => void;
  onWork: (kind: WorkKind) => void;
  // A conversation's bar marks and files the whole conversation (no replies: those are on each message);
  // each message of a conversation answers and makes work (its marking is the conversation's).
  scope?: 'message' | 'conversation' | 'conversationMessage';
  label?: string;
};

// Reply, the most used, has its label first; the others as the pane widens (it is under 500 px at 1366).
const replies = [
  { mode: 'reply', icon: Reply, labelClass: '@md:not-sr-only' },
  { mode: 'replyAll', icon: ReplyAll, labelClass: '@2xl:not-sr-only' },
  { mode: 'forward', icon: Forward, labelClass: '@2xl:not-sr-only' },
] as const;

/**
 * The reading pane's actions on the open message, in one row on a laptop: answer first (only where the user
 * may send from the mailbox), then mark and file away, then the kinds of work in one menu. The toolbar is a
 * container: labels show beside the icons as the pane, not the window, has room.
 */
export function MessageActionsBar({ message, onAction, onReply, onWork, scope = 'message', label }: Props) {
  const t = useTranslations('mail');
  // The folder pane's data (already loaded with the page) says whether this mailbox may send for the user:
  // a grant at "read" may organize the mail but not answer it.
  const canSend = useFolders().data?.find((m) => m.id === message.mailboxId)?.canSend ?? false;
  return (
    <div
      role="group"
      aria-label={label ?? t('actions.message')}
      className="@container flex flex-wrap items-center gap-1.5"
    >
      {canSend && scope !== 'conversation' && (
        <div className="flex gap-1.5">
          {replies.map(({ mode, icon, labelClass }) => (
            <IconButton key={mode} icon={icon} label={t(mode)} labelClass={labelClass} onClick={() => onReply(mode)} />
          ))}
        </div>
      )}
      {scope !== 'conversationMessage' && (
        <div className="flex gap-1.5">
          <IconButton
            icon={message.seen ? Mail : MailOpen}
            label={t(message.seen ? 'actions.unread' : 'actions.read')}
            labelClass="@4xl:not-sr-only"
            onClick={() => onAction(message.seen ? 'unread' : 'read')}
          />
          <IconButton
            icon={message.flagged ? FlagOff : Flag}
            label={t(message.flagged ? 'actions.unflag' : 'actions.flag')}
            labelClass="@4xl:not-sr-only"
            onClick={() => onAction(message.flagged ? 'unflag' : 'flag')}
          />
          <IconButton
            icon={ShieldAlert}
            label={t('actions.spam')}
            labelClass="@4xl:not-sr-only"
            onClick={() => onAction('spam')}
          />
          <IconButton
            icon={Trash2}
            label={t('actions.delete')}
            labelClass="@4xl:not-sr-only"
            onClick={() => onAction('delete')}
          />
        </div>
      )}
      <WorkMenu count={1} onWork={onWork} labelClass="sr-only @sm:not-sr-only" />
    </div>
  );
}
