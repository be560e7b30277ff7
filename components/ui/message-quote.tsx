import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { QuotedMessage } from '@/db/schema';
import { LocalTime } from '@/components/ui/local-time';

/**
 * The e-mail a chat, post or event is about: the copy kept with it, and a link into the webmail for a reader
 * who may open the message (href is null for everyone else, and once the message is gone).
 */
export function MessageQuote({ quote, href }: { quote: QuotedMessage; href: string | null }) {
  const t = useTranslations('chat.quote');
  const from = quote.fromName
    ? quote.fromAddress
      ? `${quote.fromName} <${quote.fromAddress}>`
      : quote.fromName
    : (quote.fromAddress ?? t('unknownSender'));
  return (
    <figure
      className="rounded-r-md border-l-4 border-line-strong bg-surface-subtle px-3 py-2 text-sm"
      data-testid="message-quote"
    >
      <figcaption className="space-y-0.5">
        <p className="font-medium text-fg">{quote.subject || t('noSubject')}</p>
        <p className="text-xs text-fg-subtle">
          {t('from', { from })} · <LocalTime value={quote.receivedAt} />
        </p>
      </figcaption>
      {quote.excerpt ? (
        <blockquote className="mt-2 line-clamp-6 whitespace-pre-wrap text-fg-muted">{quote.excerpt}</blockquote>
      ) : null}
      {href ? (
        <Link href={href} className="mt-2 inline-block text-xs font-medium text-accent-fg hover:underline">
          {t('openInMail')}
        </Link>
      ) : null}
    </figure>
  );
}
