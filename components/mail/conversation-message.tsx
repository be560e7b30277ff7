'use client';

import { ChevronDown, ChevronRight, Send } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import type { ConversationView } from '@/lib/mail/webmail/get-conversation';
import { errorMessage } from './mail-api';
import { MessageActionsBar, type ReplyMode } from './message-actions-bar';
import { MessageAttachments } from './message-attachments';
import { MessageLinks } from './message-links';
import { ImagesBanner, MessageBody, useImages } from './message-body';
import type { MessageView } from '@/lib/mail/webmail/get-message';
import { useMessage } from './use-mail-data';
import type { WorkKind } from './work/work-kinds';
import { InvitationCard } from './invitation-card';

type Item = ConversationView['messages'][number];

type Props = {
  message: Item;
  // The folder open in the list: a message of another folder (Sent, Archive) says where it is.
  folderId: number;
  // The mailbox's own address, shown as "me".
  own: string | null;
  expanded: boolean;
  onToggle: () => void;
  onReply: (mode: ReplyMode) => void;
  onWork: (kind: WorkKind) => void;
};

const addressList = (list: Array<{ name: string; address: string }>) =>
  list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');

/** One message of a conversation: a one-line header, and below it, when expanded, the message itself. */
export function ConversationMessage({ message, folderId, own, expanded, onToggle, onReply, onWork }: Props) {
  const t = useTranslations('mail');
  const tc = useTranslations('conversation');
  const format = useFormatter();
  const fromMe = own !== null && message.fromAddress?.toLowerCase() === own.toLowerCase();
  const sender = fromMe ? tc('me') : message.fromName || message.fromAddress || t('unknownSender');
  const sent = message.folderSpecialUse === 'sent';
  const elsewhere = !sent && message.folderId !== folderId;
  const folderName = message.folderSpecialUse ? t(`special.${message.folderSpecialUse}`) : message.folderName;
  const Chevron = expanded ? ChevronDown : ChevronRight;
  return (
    <div data-testid="conversation-message" data-message-id={message.id} data-expanded={expanded}>
      <button
        type="button"
        aria-expanded={expanded}
        onClick={onToggle}
        className="flex w-full min-w-0 items-center gap-2 px-4 py-2 text-left hover:bg-surface-subtle focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus"
      >
        <Chevron aria-hidden className="size-4 shrink-0 text-fg-subtle" />
        {!message.seen && (
          <span className="size-2 shrink-0 rounded-full bg-accent" role="img" aria-label={t('unread')} />
        )}
        <span className={`shrink-0 truncate text-sm ${message.seen ? 'text-fg' : 'font-semibold text-fg'}`}>
          {sender}
        </span>
        {sent && (
          <span
            className="inline-flex shrink-0 items-center gap-1 rounded bg-info-subtle px-1.5 text-[10px] font-semibold uppercase text-info-fg"
            data-testid="sent-badge"
          >
            <Send aria-hidden className="size-3" />
            {tc('sent')}
          </span>
        )}
        {elsewhere && (
          <span className="shrink-0 rounded bg-surface-muted px-1.5 text-[10px] font-medium text-fg-muted">
            {folderName}
          </span>
        )}
        <span className={`min-w-0 flex-1 truncate text-xs text-fg-muted ${expanded ? 'invisible' : ''}`}>
          {message.snippet}
        </span>
        <time dateTime={message.receivedAt} className="shrink-0 text-xs text-fg-muted">
          {format.dateTime(new Date(message.receivedAt), { dateStyle: 'medium', timeStyle: 'short' })}
        </time>
      </button>
      {expanded && <ExpandedMessage id={message.id} onReply={onReply} onWork={onWork} />}
    </div>
  );
}

function ExpandedMessage({
  id,
  onReply,
  onWork,
}: {
  id: number;
  onReply: (mode: ReplyMode) => void;
  onWork: (kind: WorkKind) => void;
}) {
  const t = useTranslations('mail');
  const message = useMessage(id);
  if (message.error)
    return (
      <p role="alert" className="px-4 pb-3 text-sm text-danger-fg">
        {errorMessage(message.error)}
      </p>
    );
  if (!message.data) return <p className="px-4 pb-3 text-sm text-fg-subtle">{t('loading')}</p>;
  return <MessageDetails message={message.data} onReply={onReply} onWork={onWork} />;
}

function MessageDetails({
  message,
  onReply,
  onWork,
}: {
  message: MessageView;
  onReply: (mode: ReplyMode) => void;
  onWork: (kind: WorkKind) => void;
}) {
  const t = useTranslations('mail');
  const tc = useTranslations('conversation');
  const images = useImages(message);
  return (
    <div className="space-y-2 pb-3">
      <div className="space-y-2 px-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs text-fg-muted">
          {message.from.address && (
            <>
              <dt className="sr-only">{tc('from')}</dt>
              <dd className="col-span-2 break-all">
                {addressList([{ name: message.from.name ?? '', address: message.from.address }])}
              </dd>
            </>
          )}
          {message.to.length > 0 && (
            <>
              <dt>{t('to')}</dt>
              <dd className="break-all">{addressList(message.to)}</dd>
            </>
          )}
          {message.cc.length > 0 && (
            <>
              <dt>{t('cc')}</dt>
              <dd className="break-all">{addressList(message.cc)}</dd>
            </>
          )}
        </dl>
        <MessageActionsBar
          message={message}
          scope="conversationMessage"
          onAction={() => {}}
          onReply={onReply}
          onWork={onWork}
        />
        <MessageLinks links={message.links} />
        {message.hasInvitation && <InvitationCard key={message.id} messageId={message.id} />}
        <MessageAttachments message={message} />
        <ImagesBanner message={message} images={images} />
      </div>
      <MessageBody message={message} imagesAllowed={images.allowed} inConversation />
    </div>
  );
}
