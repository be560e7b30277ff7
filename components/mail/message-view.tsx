'use client';

import { ArrowLeft, TriangleAlert } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';
import { ImagesBanner, MessageBody, useImages } from './message-body';
import type { ActionName } from './use-message-actions';
import { MessageActionsBar } from './message-actions-bar';
import { InvitationCard } from './invitation-card';
import { MessageAttachments } from './message-attachments';
import { MessageLinks } from './message-links';
import type { WorkKind } from './work/work-kinds';

import type { ReplyMode } from './message-actions-bar';

export type { ReplyMode };

type Props = {
  message: Message;
  onAction: (action: ActionName) => void;
  onReply: (mode: ReplyMode) => void;
  onWork: (kind: WorkKind) => void;
  onBack: () => void;
};

const addressList = (list: Array<{ name: string; address: string }>) =>
  list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');

/** The reading pane for one message: its headers, actions, links to work, files and body (message-body.tsx). */
export function MessageView({ message, onAction, onReply, onWork, onBack }: Props) {
  const t = useTranslations('mail');
  const format = useFormatter();
  const images = useImages(message);
  // The list shows when the message arrived (INTERNALDATE), so the pane does too; the sender's Date header
  // is on hover where it says something else (a delayed or misdated message).
  const dateOptions = { dateStyle: 'medium', timeStyle: 'short' } as const;
  const received = format.dateTime(new Date(message.receivedAt), dateOptions);
  const sent = message.sentAt ? format.dateTime(new Date(message.sentAt), dateOptions) : null;

  return (
    <article className="flex h-full min-h-0 flex-col" aria-label={message.subject || t('noSubject')}>
      <header className="space-y-2 border-b border-line p-4">
        <button type="button" onClick={onBack} className="text-sm text-accent-fg md:hidden">
          <ArrowLeft aria-hidden className="inline size-4" /> {t('back')}
        </button>
        <h1 className="text-lg font-semibold text-fg">{message.subject || t('noSubject')}</h1>
        <div className="text-sm text-fg-muted">
          <span className="font-medium">{message.from.name || message.from.address}</span>
          {message.from.name && message.from.address && (
            <span className="text-fg-subtle"> &lt;{message.from.address}&gt;</span>
          )}
        </div>
        {message.from.warning && (
          <p
            role="alert"
            className="rounded border border-warning-line bg-warning-subtle px-2 py-1 text-xs text-warning-fg"
          >
            <TriangleAlert aria-hidden className="inline size-4" /> {message.from.warning}
          </p>
        )}
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs text-fg-muted">
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
          <dt>{t('date')}</dt>
          <dd>
            <time
              dateTime={message.receivedAt}
              title={sent && sent !== received ? t('dateSentTitle', { sent, received }) : undefined}
              data-testid="message-date"
            >
              {received}
            </time>
          </dd>
        </dl>
        <MessageActionsBar message={message} onAction={onAction} onReply={onReply} onWork={onWork} />
        <MessageLinks links={message.links} />
        {message.hasInvitation && <InvitationCard key={message.id} messageId={message.id} />}
        <MessageAttachments message={message} />
        {message.goneFromServer && (
          <p role="status" className="rounded bg-warning-subtle px-2 py-1 text-xs text-warning-fg">
            {t('goneFromServer')}
          </p>
        )}
        <ImagesBanner message={message} images={images} />
      </header>
      <MessageBody message={message} imagesAllowed={images.allowed} />
    </article>
  );
}
