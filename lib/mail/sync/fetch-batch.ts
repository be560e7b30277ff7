import type { ImapFlow } from 'imapflow';
import { MAX_INCOMING_MESSAGE_BYTES } from '../../plans/catalogue';
import { parseHeadersOnly } from '../parse/parse-headers-only';
import type { ParsedMessage } from '../parse/types';

export type ParseFn = (raw: Buffer) => Promise<ParsedMessage>;

export type FetchedMessage = {
  uid: number;
  modseq: bigint | null;
  flags: Set<string>;
  internalDate: Date;
  size: number;
  parsed: ParsedMessage;
  bodyState: 'complete' | 'too_large' | 'damaged';
};

/**
 * Fetches and parses a batch of messages of the selected folder in one FETCH: attributes and at most the first
 * 25 MB of each source, handed to the parser as they stream in. A larger message arrives cut short: only its
 * header is parsed and it is stored as "too large to import" (SPEC §2) instead of disappearing.
 */
export async function fetchBatch(client: ImapFlow, uids: number[], parse: ParseFn): Promise<FetchedMessage[]> {
  if (uids.length === 0) return [];
  const pending: Array<Promise<FetchedMessage>> = [];
  const query = { uid: true, flags: true, internalDate: true, size: true, source: { maxLength: MAX_INCOMING_MESSAGE_BYTES } };
  for await (const message of client.fetch(uids.join(','), query, { uid: true })) {
    const source = message.source ?? Buffer.alloc(0);
    const size = message.size ?? source.length;
    const base = {
      uid: message.uid,
      modseq: message.modseq ?? null,
      flags: message.flags ?? new Set<string>(),
      internalDate: message.internalDate instanceof Date ? message.internalDate : new Date(message.internalDate ?? Date.now()),
      size,
    };
    const entry =
      size > MAX_INCOMING_MESSAGE_BYTES
        ? Promise.resolve({ ...base, parsed: { ...parseHeadersOnly(source, 'too large'), damaged: null }, bodyState: 'too_large' as const })
        : parse(source).then((parsed) => ({ ...base, parsed, bodyState: parsed.damaged ? ('damaged' as const) : ('complete' as const) }));
    // Awaited below in order; if an earlier one fails, the others must not become unhandled rejections.
    entry.catch(() => {});
    pending.push(entry);
  }
  return Promise.all(pending);
}
