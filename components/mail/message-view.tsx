'use client';

import { ArrowLeft, TriangleAlert } from 'lucide-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';
import { apiPost, errorMessage } from './mail-api';
import { useNotices } from './notices';
import { mailKeys } from './use-mail-data';
import type { ActionName } from './use-message-actions';
import { MessageActionsBar } from './message-actions-bar';
import { InvitationCard } from './invitation-card';
import { MessageAttachments } from './message-attachments';
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

/**
 * The reading pane. HTML bodies are shown in a frame with no scripts and no same-origin rights, loaded from
 * their own response with its own CSP; plain text is rendered by React with its links made clickable.
 */
export function MessageView({ message, onAction, onReply, onWork, onBack }: Props) {
  const t = useTranslations('mail');
  const format = useFormatter();
  const client = useQueryClient();
  const notices = useNotices();
  const [imagesAllowed, setImagesAllowed] = useState(false);
  // The list shows when the message arrived (INTERNALDATE), so the pane does too; the sender's Date header
  // is on hover where it says something else (a delayed or misdated message).
  const dateOptions = { dateStyle: 'medium', timeStyle: 'short' } as const;
  const received = format.dateTime(new Date(message.receivedAt), dateOptions);
  const sent = message.sentAt ? format.dateTime(new Date(message.sentAt), dateOptions) : null;
  const trust = useMutation({
    mutationFn: () => apiPost('/api/mail/trusted-senders', { address: message.from.address }),
    onSuccess: () => {
      setImagesAllowed(true);
      void client.invalidateQueries({ queryKey: mailKeys.message(message.id) });
    },
    onError: (error) => notices.show(errorMessage(error), { tone: 'error' }),
  });

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
        {message.links.length > 0 && (
          <ul aria-label={t('work.links')} className="flex flex-wrap gap-1.5 text-xs" data-testid="message-links">
            {message.links.map((link) => (
              <li
                key={`${link.kind}:${link.targetId}`}
                className="rounded bg-success-subtle px-2 py-0.5 text-success-fg"
              >
                <span className="font-semibold">{t(`linked.${link.kind}`)}</span>{' '}
                {link.href ? (
                  <a href={link.href} className="underline">
                    {link.title || t('noSubject')}
                  </a>
                ) : (
                  <span className="text-success-fg">{t('work.notVisible')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        {message.hasInvitation && <InvitationCard key={message.id} messageId={message.id} />}
        <MessageAttachments message={message} />
        {message.goneFromServer && (
          <p role="status" className="rounded bg-warning-subtle px-2 py-1 text-xs text-warning-fg">
            {t('goneFromServer')}
          </p>
        )}
        {message.blockedImages > 0 && !imagesAllowed && (
          <div
            role="status"
            className="flex flex-wrap items-center gap-2 rounded bg-surface-muted px-2 py-1 text-xs text-fg-muted"
          >
            <span>{t('imagesBlocked', { count: message.blockedImages })}</span>
            <button
              type="button"
              className="font-semibold text-accent-fg underline"
              onClick={() => setImagesAllowed(true)}
            >
              {t('showImages')}
            </button>
            {message.from.address && (
              <button
                type="button"
                className="font-semibold text-accent-fg underline"
                onClick={() => trust.mutate()}
                disabled={trust.isPending}
              >
                {t('alwaysShowImages', { sender: message.from.address })}
              </button>
            )}
          </div>
        )}
      </header>
      {message.bodyState === 'too_large' ? (
        <p className="p-4 text-sm text-fg-muted">{t('tooLargeBody')}</p>
      ) : message.hasHtml ? (
        <iframe
          title={t('messageBody')}
          // Neither allow-scripts nor allow-same-origin: the message is inert and cannot reach this page.
          // Popups let its links open in a new tab (they carry rel=noopener from the sanitizer).
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          src={`/api/mail/messages/${message.id}/body${imagesAllowed ? '?images=1' : ''}`}
          className="min-h-0 w-full flex-1 border-0 bg-surface"
        />
      ) : (
        // A long message scrolls inside this box, so it takes focus for the keyboard to scroll it (WCAG 2.1.1,
        // axe's scrollable-region-focusable), as the CRM's text does: a named region, reachable with Tab.
        <section
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
          tabIndex={0}
          aria-label={t('messageBody')}
          className="min-h-0 flex-1 overflow-auto whitespace-pre-wrap break-words p-4 font-mono text-sm text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-focus"
        >
          {message.text.map((token, index) =>
            token.kind === 'link' ? (
              <a
                key={index}
                href={token.href}
                target="_blank"
                rel="noopener noreferrer"
                className="text-accent-fg underline"
              >
                {token.value}
              </a>
            ) : (
              <span key={index}>{token.value}</span>
            ),
          )}
        </section>
      )}
    </article>
  );
}
