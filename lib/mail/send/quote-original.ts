import type { AddressJson } from '@/db/schema';
import { translatorFor } from '../../i18n/catalogue';
import { defaultLocale, type Locale } from '../../i18n/locales';
import type { QuotedBody } from '../render/html-jobs';
import { sharedHtmlPool } from '../render/html-pool';
import { escapeHtml } from './html-to-plain-text';

export type Original = {
  from: AddressJson | null;
  to: AddressJson[];
  cc: AddressJson[];
  subject: string;
  date: Date;
  textBody: string | null;
  htmlBody: string | null;
};

/** `notice`: for the compose window, when the original could only be quoted as its text (or not at all). */
export type Quote = { html: string; text: string; notice: string | null };

/** Who quotes: the headers above a quote are in their language and time zone (the reader of the reply sees them). */
export type QuoteWriter = { locale?: Locale; timeZone?: string };

const REPLY_PREFIX = /^\s*(re|aw|sv|antw|ref)\s*(\[\d+\])?\s*:/i;
const FORWARD_PREFIX = /^\s*(fwd?|tr|wg|rv|enc)\s*:/i;

/** One "Re: " however long the thread: a subject that already answers is kept as it is. */
export function replySubject(subject: string): string {
  return REPLY_PREFIX.test(subject) ? subject.trim() : `Re: ${subject.trim()}`.trim();
}

export function forwardSubject(subject: string): string {
  return FORWARD_PREFIX.test(subject) ? subject.trim() : `Fwd: ${subject.trim()}`.trim();
}

export function formatAddress(a: AddressJson): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

function formatDate(date: Date, locale: Locale, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date);
  } catch {
    // An unknown time zone from the browser: UTC rather than a failed reply.
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  }
}

/**
 * The original as the compose editor shows it, made in the HTML workers (html-pool.ts). Its HTML goes through
 * the same sanitizer as what we send: it is shown in the editor on our own origin, so nothing active may
 * survive, and remote images (trackers) are dropped rather than loaded. Without HTML, or with HTML too complex
 * to sanitize, the text is escaped.
 */
async function originalBody(original: Original, t: QuoteTranslator): Promise<QuotedBody & { notice: string | null }> {
  const body = await sharedHtmlPool().quoteBody({ html: original.htmlBody || null, textBody: original.textBody });
  if (!body) return { html: '', text: '', quotedText: '', asText: true, notice: t('notQuoted') };
  return { ...body, notice: body.asText ? t('quotedAsText') : null };
}

type QuoteTranslator = Awaited<ReturnType<typeof translatorFor>>;

async function writerOf(writer: QuoteWriter) {
  const locale = writer.locale ?? defaultLocale;
  return { locale, timeZone: writer.timeZone ?? 'UTC', t: await translatorFor(locale, 'mail.quote') };
}

export async function quoteForReply(original: Original, writer: QuoteWriter = {}): Promise<Quote> {
  const { locale, timeZone, t } = await writerOf(writer);
  const body = await originalBody(original, t);
  const who = original.from ? formatAddress(original.from) : t('theSender');
  const intro = t('replyIntro', { date: formatDate(original.date, locale, timeZone), who });
  return {
    html: `<p><br></p><p>${escapeHtml(intro)}</p><blockquote>${body.html}</blockquote>`,
    text: `\n\n${intro}\n${body.quotedText}\n`,
    notice: body.notice,
  };
}

export async function quoteForForward(original: Original, writer: QuoteWriter = {}): Promise<Quote> {
  const { locale, timeZone, t } = await writerOf(writer);
  const body = await originalBody(original, t);
  const lines = [
    t('forwarded'),
    t('from', { value: original.from ? formatAddress(original.from) : '' }),
    t('date', { value: formatDate(original.date, locale, timeZone) }),
    t('subject', { value: original.subject }),
    t('to', { value: original.to.map(formatAddress).join(', ') }),
    ...(original.cc.length > 0 ? [t('cc', { value: original.cc.map(formatAddress).join(', ') })] : []),
  ];
  return {
    html: `<p><br></p><div><p>${lines.map(escapeHtml).join('<br>')}</p>${body.html}</div>`,
    text: `\n\n${lines.join('\n')}\n\n${body.text}\n`,
    notice: body.notice,
  };
}
