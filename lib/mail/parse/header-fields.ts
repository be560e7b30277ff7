import libmime from 'libmime';
import { parseAddressHeader } from 'mailparser';
import { parseDate } from './parse-date';
import { singleLine, truncate } from './strings';
import type { ParsedAddress, ParsedMessage } from './types';

/** A raw header field: lowercased name, and the whole line as a binary (latin1) string, folding included. */
export type HeaderLine = { key: string; line: string };

export type HeaderFields = Pick<
  ParsedMessage,
  'messageId' | 'inReplyTo' | 'references' | 'subject' | 'from' | 'to' | 'cc' | 'replyTo' | 'date' | 'headers'
>;

// Bounds so one hostile header cannot bloat a row: a 135 KB To: or a 3,300-line Subject exist in the wild.
export const MAX_HEADER_VALUE = 8 * 1024;
export const MAX_HEADERS = 200;
export const MAX_SUBJECT = 1000;
const MAX_ADDRESSES = 1000;
const MAX_REFERENCES = 100;
// Work bound: only this much of one raw value is decoded or parsed for addresses.
const MAX_RAW_VALUE = 64 * 1024;

/** The envelope fields and the bounded header list, read the same way for parsed and for damaged messages. */
export function readHeaderFields(lines: readonly HeaderLine[]): HeaderFields {
  const headers: Array<[string, string]> = [];
  const values = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    // Unfolding removes the line breaks only (RFC 5322 §2.2.3); 8-bit bytes are taken as UTF-8 (RFC 6532).
    const value = toUtf8(line.slice(colon + 1, colon + 1 + MAX_RAW_VALUE).replace(/\r?\n|\r/g, '')).trim();
    const name = key.toLowerCase();
    if (!values.has(name)) values.set(name, []);
    values.get(name)?.push(value);
    if (headers.length < MAX_HEADERS) headers.push([name, truncate(singleLine(decodeWords(value)), MAX_HEADER_VALUE)]);
  }
  const first = (name: string) => values.get(name)?.[0] ?? null;
  const all = (name: string) => values.get(name) ?? [];

  const subject = first('subject');
  return {
    headers,
    subject:
      subject === null
        ? ''
        : truncate(
            singleLine(decodeWords(subject))
              .replace(/[\t ]+/g, ' ')
              .trim(),
            MAX_SUBJECT,
          ),
    from: addresses([first('from') ?? ''], { keepNameOnly: true })[0] ?? null,
    to: addresses(all('to')),
    cc: addresses(all('cc')),
    replyTo: addresses([first('reply-to') ?? '']),
    date: parseDate(first('date')),
    messageId: messageIds(first('message-id'))[0] ?? null,
    inReplyTo: messageIds(first('in-reply-to'))[0] ?? null,
    references: keepEnds(messageIds(all('references').join(' ')), MAX_REFERENCES),
  };
}

function addresses(values: string[], options: { keepNameOnly?: boolean } = {}): ParsedAddress[] {
  const result: ParsedAddress[] = [];
  for (const value of values) {
    if (!value) continue;
    let parsed: ReturnType<typeof parseAddressHeader>['value'];
    try {
      parsed = parseAddressHeader(value, { flatten: true }).value;
    } catch {
      continue;
    }
    for (const entry of parsed) {
      const address = truncate(singleLine(entry.address ?? '').trim(), 998);
      const name = truncate(singleLine(entry.name).replace(/\s+/g, ' ').trim(), 998);
      if (address || (options.keepNameOnly && name)) result.push({ name, address });
      if (result.length >= MAX_ADDRESSES) return result;
    }
  }
  return result;
}

/** Message-IDs with their angle brackets; a bare token counts as one so sloppy senders still thread. */
function messageIds(value: string | null): string[] {
  if (!value) return [];
  const text = singleLine(decodeWords(value));
  const bracketed = text.match(/<[^<>\s]+>/g);
  const ids =
    bracketed ??
    text
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((id) => `<${id.replace(/^<|>$/g, '')}>`);
  return ids.filter((id) => id.length > 2 && id.length <= 998);
}

// Threading needs the root (first) and the nearest ancestors (last); the middle of a huge chain adds little.
function keepEnds<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return [...items.slice(0, 1), ...items.slice(items.length - (max - 1))];
}

function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

function toUtf8(binary: string): string {
  return /[^\x00-\x7f]/.test(binary) ? Buffer.from(binary, 'latin1').toString('utf8') : binary;
}
