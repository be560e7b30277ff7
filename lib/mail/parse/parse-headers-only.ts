import { readHeaderFields, type HeaderFields, type HeaderLine } from './header-fields';
import { searchVectorOf } from './search-vector-of';
import type { ParsedMessage } from './types';

/** How much of a message the fallback reads; the header block of real mail is far smaller. */
export const HEADERS_ONLY_LIMIT = 64 * 1024;

const FIELD_NAME = /^([!-9;-~]+)[ \t]*:/;

/**
 * What can be read from the top header block alone, for a message the full parser gave up on (it threw,
 * timed out or took its worker down). Deliberately simple line splitting with no MIME decoding beyond
 * RFC 2047 words, so it cannot fail the way the full parser did; the message is then stored with this and
 * flagged `damaged`.
 */
export function parseHeadersOnly(raw: Buffer, damaged: string): ParsedMessage {
  const fields = readHeaderBlock(raw);
  return {
    ...fields,
    text: null,
    html: null,
    snippet: '',
    attachments: [],
    searchVector: searchVectorOf(fields, null),
    damaged,
  };
}

/** The fields of a message's top header block (the whole message may follow it; only the first 64 KB are read). */
export function readHeaderBlock(raw: Buffer): HeaderFields {
  try {
    return readHeaderFields(splitHeaderLines(raw.subarray(0, HEADERS_ONLY_LIMIT).toString('latin1')));
  } catch {
    return readHeaderFields([]);
  }
}

function splitHeaderLines(head: string): HeaderLine[] {
  const lines: HeaderLine[] = [];
  let current: HeaderLine | null = null;
  const rows = head.split(/\r?\n/);
  // An mbox envelope line ("From sender date") or other leading junk is not a field; skip it.
  if (rows[0] !== undefined && !FIELD_NAME.test(rows[0])) rows.shift();
  for (const row of rows) {
    if (row === '' || row === '\r') break;
    if ((row.startsWith(' ') || row.startsWith('\t')) && current) {
      current.line += `\r\n${row}`;
      continue;
    }
    const field = FIELD_NAME.exec(row);
    current = field ? { key: (field[1] ?? '').toLowerCase(), line: row } : null;
    if (current) lines.push(current);
  }
  return lines;
}
