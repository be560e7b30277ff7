import type { AddressJson } from '@/db/schema';
import type { QuotedBody } from '../render/html-jobs';
import { sharedHtmlPool } from '../render/html-pool';
import { TOO_COMPLEX_NOTICE } from '../render/plain-text-fallback';
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

const NOT_QUOTED_NOTICE = 'The original message could not be quoted just now. Try again in a moment.';

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

function formatDate(date: Date, timeZone: string): string {
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
    return new Intl.DateTimeFormat('en', { ...options, timeZone }).format(date);
  } catch {
    // An unknown time zone from the browser: UTC rather than a failed reply.
    return new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' }).format(date);
  }
}

/**
 * The original as the compose editor shows it, made in the HTML workers (html-pool.ts). Its HTML goes through
 * the same sanitizer as what we send: it is shown in the editor on our own origin, so nothing active may
 * survive, and remote images (trackers) are dropped rather than loaded. Without HTML, or with HTML too complex
 * to sanitize, the text is escaped.
 */
async function originalBody(original: Original): Promise<QuotedBody & { notice: string | null }> {
  const body = await sharedHtmlPool().quoteBody({ html: original.htmlBody || null, textBody: original.textBody });
  if (!body) return { html: '', text: '', quotedText: '', asText: true, notice: NOT_QUOTED_NOTICE };
  return { ...body, notice: body.asText ? TOO_COMPLEX_NOTICE : null };
}

export async function quoteForReply(original: Original, timeZone = 'UTC'): Promise<Quote> {
  const body = await originalBody(original);
  const who = original.from ? formatAddress(original.from) : 'the sender';
  const intro = `On ${formatDate(original.date, timeZone)}, ${who} wrote:`;
  return {
    html: `<p><br></p><p>${escapeHtml(intro)}</p><blockquote>${body.html}</blockquote>`,
    text: `\n\n${intro}\n${body.quotedText}\n`,
    notice: body.notice,
  };
}

export async function quoteForForward(original: Original, timeZone = 'UTC'): Promise<Quote> {
  const body = await originalBody(original);
  const lines = [
    '---------- Forwarded message ---------',
    `From: ${original.from ? formatAddress(original.from) : ''}`,
    `Date: ${formatDate(original.date, timeZone)}`,
    `Subject: ${original.subject}`,
    `To: ${original.to.map(formatAddress).join(', ')}`,
    ...(original.cc.length > 0 ? [`Cc: ${original.cc.map(formatAddress).join(', ')}`] : []),
  ];
  return {
    html: `<p><br></p><div><p>${lines.map(escapeHtml).join('<br>')}</p>${body.html}</div>`,
    text: `\n\n${lines.join('\n')}\n\n${body.text}\n`,
    notice: body.notice,
  };
}
