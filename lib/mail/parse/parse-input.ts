import { parseFetchedParts, type FetchedParts } from './parse-fetched-parts';
import { parseHeadersOnly } from './parse-headers-only';
import { parseMessage } from './parse-message';
import type { ParsedMessage, StorableMessage } from './types';

/** A whole message source (read with mailparser), or the header and text sections the import fetched. */
export type ParseInput = { kind: 'source'; raw: Buffer } | ({ kind: 'parts' } & FetchedParts);

export async function parseInput(input: ParseInput): Promise<ParsedMessage> {
  if (input.kind === 'source') return parseMessage(input.raw);
  try {
    return parseFetchedParts(input);
  } catch (error) {
    return parseHeadersOnly(input.header, error instanceof Error ? error.message.slice(0, 500) : 'parser error');
  }
}

/** The parse pool, or anything with its two entry points. */
export type MessageParser = {
  parse(raw: Buffer): Promise<StorableMessage>;
  parseParts(input: FetchedParts): Promise<StorableMessage>;
};

/** Parsing on the calling thread, without the pool's time and memory bounds: for tests and tools only. */
export const inProcessParser: MessageParser = {
  parse: (raw) => parseInput({ kind: 'source', raw }),
  parseParts: (input) => parseInput({ kind: 'parts', ...input }),
};

/** What is kept of a message whose parsing timed out or crashed its worker: its headers. */
export function headersOnlyOf(input: ParseInput, reason: string): ParsedMessage {
  return parseHeadersOnly(input.kind === 'source' ? input.raw : input.header, reason);
}

/** Bytes a job hands to a worker, for the size bound. */
export function inputBytes(input: ParseInput): number {
  return input.kind === 'source'
    ? input.raw.length
    : input.sections.reduce((sum, [, content]) => sum + content.length, input.header.length);
}
