import type { AddressJson } from '@/db/schema';
import { sanitizeOutgoingHtml } from '../render/sanitize-outgoing-html';
import { escapeHtml, htmlToPlainText, plainTextToHtml } from './html-to-plain-text';

export type Original = {
  from: AddressJson | null;
  to: AddressJson[];
  cc: AddressJson[];
  subject: string;
  date: Date;
  textBody: string | null;
  htmlBody: string | null;
};

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
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat('en', { ...options, timeZone }).format(date);
  } catch {
    // An unknown time zone from the browser: UTC rather than a failed reply.
    return new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' }).format(date);
  }
}

/**
 * The original as the compose editor shows it. Its HTML goes through the same sanitizer as what we send:
 * it is shown in the editor on our own origin, so nothing active may survive, and remote images (trackers)
 * are dropped rather than loaded. Without HTML, the text is escaped.
 */
function originalBody(original: Original): { html: string; text: string } {
  if (original.htmlBody) {
    const html = sanitizeOutgoingHtml(original.htmlBody);
    return { html, text: original.textBody ?? htmlToPlainText(html) };
  }
  const text = original.textBody ?? '';
  return { html: plainTextToHtml(text), text };
}

export function quoteForReply(original: Original, timeZone = 'UTC'): { html: string; text: string } {
  const body = originalBody(original);
  const who = original.from ? formatAddress(original.from) : 'the sender';
  const intro = `On ${formatDate(original.date, timeZone)}, ${who} wrote:`;
  const quotedText = body.text
    .split(/\r?\n/)
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`).trimEnd())
    .join('\n');
  return {
    html: `<p><br></p><p>${escapeHtml(intro)}</p><blockquote>${body.html}</blockquote>`,
    text: `\n\n${intro}\n${quotedText}\n`,
  };
}

export function quoteForForward(original: Original, timeZone = 'UTC'): { html: string; text: string } {
  const body = originalBody(original);
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
  };
}
