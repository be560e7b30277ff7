'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';
import { foldQuotedText } from './fold-quoted-text';
import { apiPost, errorMessage } from './mail-api';
import { useNotices } from './notices';
import { mailKeys } from './use-mail-data';

/** Whether a message's remote images are shown: for this open (Show images) or always for its sender. */
export function useImages(message: Message) {
  const client = useQueryClient();
  const notices = useNotices();
  const [allowed, setAllowed] = useState(false);
  const trust = useMutation({
    mutationFn: () => apiPost('/api/mail/trusted-senders', { address: message.from.address }),
    onSuccess: () => {
      setAllowed(true);
      void client.invalidateQueries({ queryKey: mailKeys.message(message.id) });
    },
    onError: (error) => notices.show(errorMessage(error), { tone: 'error' }),
  });
  return { allowed, allow: () => setAllowed(true), trust: () => trust.mutate(), trusting: trust.isPending };
}

export type Images = ReturnType<typeof useImages>;

/** The notice that remote images were blocked, with the two ways to show them. */
export function ImagesBanner({ message, images }: { message: Message; images: Images }) {
  const t = useTranslations('mail');
  if (message.blockedImages === 0 || images.allowed) return null;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-2 rounded bg-surface-muted px-2 py-1 text-xs text-fg-muted"
    >
      <span>{t('imagesBlocked', { count: message.blockedImages })}</span>
      <button type="button" className="font-semibold text-accent-fg underline" onClick={images.allow}>
        {t('showImages')}
      </button>
      {message.from.address && (
        <button
          type="button"
          className="font-semibold text-accent-fg underline"
          onClick={images.trust}
          disabled={images.trusting}
        >
          {t('alwaysShowImages', { sender: message.from.address })}
        </button>
      )}
    </div>
  );
}

type BodyProps = {
  message: Message;
  imagesAllowed: boolean;
  // In a conversation: quoted text folds, and the body has a height of its own in the scrolling pane (a
  // sandboxed frame cannot tell its parent how tall it is).
  inConversation?: boolean;
};

/**
 * A message's body. HTML is shown in a frame with no scripts and no same-origin rights, loaded from its own
 * response with its own CSP; plain text is rendered by React with its links made clickable.
 */
export function MessageBody({ message, imagesAllowed, inConversation = false }: BodyProps) {
  const t = useTranslations('mail');
  if (message.bodyState === 'too_large') return <p className="p-4 text-sm text-fg-muted">{t('tooLargeBody')}</p>;
  if (message.hasHtml) {
    const query = new URLSearchParams();
    if (imagesAllowed) query.set('images', '1');
    if (inConversation) query.set('quotes', 'fold');
    return (
      <iframe
        title={t('messageBody')}
        // Neither allow-scripts nor allow-same-origin: the message is inert and cannot reach this page.
        // Popups let its links open in a new tab (they carry rel=noopener from the sanitizer).
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        src={`/api/mail/messages/${message.id}/body${query.size > 0 ? `?${query}` : ''}`}
        className={
          inConversation ? 'h-[60vh] min-h-64 w-full border-0 bg-surface' : 'min-h-0 w-full flex-1 border-0 bg-surface'
        }
      />
    );
  }
  return (
    // A long message scrolls inside this box, so it takes focus for the keyboard to scroll it (WCAG 2.1.1,
    // axe's scrollable-region-focusable), as the CRM's text does: a named region, reachable with Tab. In a
    // conversation the pane scrolls, not the message.
    <section
      tabIndex={inConversation ? undefined : 0}
      aria-label={t('messageBody')}
      className={`whitespace-pre-wrap break-words p-4 font-mono text-sm text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-focus ${inConversation ? '' : 'min-h-0 flex-1 overflow-auto'}`}
    >
      {inConversation ? <FoldedText tokens={message.text} /> : <Tokens tokens={message.text} />}
    </section>
  );
}

function Tokens({ tokens }: { tokens: Message['text'] }) {
  return tokens.map((token, index) =>
    token.kind === 'link' ? (
      <a key={index} href={token.href} target="_blank" rel="noopener noreferrer" className="text-accent-fg underline">
        {token.value}
      </a>
    ) : (
      <span key={index}>{token.value}</span>
    ),
  );
}

/** Plain text with each run of quoted lines behind a "Show quoted text" button. */
function FoldedText({ tokens }: { tokens: Message['text'] }) {
  return foldQuotedText(tokens).map((segment, index) =>
    segment.quoted ? <QuotedRun key={index} tokens={segment.tokens} /> : <Tokens key={index} tokens={segment.tokens} />,
  );
}

function QuotedRun({ tokens }: { tokens: Message['text'] }) {
  const t = useTranslations('conversation');
  const [open, setOpen] = useState(false);
  return (
    <span className="block">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="my-1 rounded border border-line-strong bg-surface-subtle px-2 font-sans text-xs text-fg-muted hover:bg-surface-muted"
      >
        {open ? t('hideQuoted') : t('showQuoted')}
      </button>
      {open && (
        <span className="block text-fg-muted" data-testid="quoted-text">
          <Tokens tokens={tokens} />
        </span>
      )}
    </span>
  );
}
