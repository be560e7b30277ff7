import type { QuotedMessage } from '@/db/schema';
import { translatorFor } from '../i18n/catalogue';
import { defaultLocale, type Locale } from '../i18n/locales';

// "2026-10-01 14:05 UTC": the description is stored text read by people in any time zone, so the zone is named.
function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

type Translate = Awaited<ReturnType<typeof translatorFor>>;

/**
 * The line a task's description gets for each e-mail it was made from or linked to. It is a copy, so the task
 * still says what it was about once the local message is purged or unlinked.
 */
function messageReference(t: Translate, quote: QuotedMessage): string {
  const from =
    quote.fromName && quote.fromAddress
      ? `${quote.fromName} <${quote.fromAddress}>`
      : (quote.fromName ?? quote.fromAddress ?? t('unknownSender'));
  return t('line', { subject: quote.subject.trim() || t('noSubject'), from, at: utcMinute(quote.receivedAt) });
}

/**
 * The description with one reference line per e-mail appended after the user's text. The lines are stored
 * text, so they are written once, in the language of whoever made the link (English without one).
 */
export async function withMessageReferences(
  description: string,
  quotes: QuotedMessage[],
  locale: Locale = defaultLocale,
): Promise<string> {
  const t = await translatorFor(locale, 'tasks.reference');
  const references = quotes.map((quote) => messageReference(t, quote)).join('\n');
  const text = description.trimEnd();
  if (!references) return text;
  return text ? `${text}\n\n${references}` : references;
}
