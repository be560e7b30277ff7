import type { QuotedMessage } from '@/db/schema';

// "2026-10-01 14:05 UTC": the description is stored text read by people in any time zone, so the zone is named.
function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The line a task's description gets for each e-mail it was made from or linked to. It is a copy, so the task
 * still says what it was about once the local message is purged or unlinked.
 */
function messageReference(quote: QuotedMessage): string {
  const from =
    quote.fromName && quote.fromAddress
      ? `${quote.fromName} <${quote.fromAddress}>`
      : (quote.fromName ?? quote.fromAddress ?? 'unknown sender');
  return `From e-mail: ${quote.subject.trim() || '(no subject)'} — ${from}, ${utcMinute(quote.receivedAt)}`;
}

/** The description with one reference line per e-mail appended after the user's text. */
export function withMessageReferences(description: string, quotes: QuotedMessage[]): string {
  const references = quotes.map(messageReference).join('\n');
  const text = description.trimEnd();
  if (!references) return text;
  return text ? `${text}\n\n${references}` : references;
}
