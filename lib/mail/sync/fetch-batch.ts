import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { MAX_INCOMING_MESSAGE_BYTES } from '../../plans/catalogue';
import type { FetchedParts } from '../parse/parse-fetched-parts';
import { parseHeadersOnly } from '../parse/parse-headers-only';
import type { MessageParser } from '../parse/parse-input';
import { planBodyParts } from '../parse/plan-body-parts';
import type { StorableMessage } from '../parse/types';
import { digestHeader } from './relink-pool';

export type FetchedMessage = {
  uid: number;
  modseq: bigint | null;
  flags: Set<string>;
  internalDate: Date;
  size: number;
  headerDigest: string;
  parsed: StorableMessage;
  bodyState: 'complete' | 'too_large' | 'damaged';
};

type Base = Omit<FetchedMessage, 'parsed' | 'bodyState'>;

/**
 * Fetches and parses a batch of messages of the selected folder without downloading whole sources: one FETCH
 * for flags, dates, BODYSTRUCTURE and the header block, then one FETCH per distinct set of text sections
 * ("1", or "1.1 1.2", …: a handful per batch) for the text a reader sees. Attachments stay on the server
 * until opened. A message over 25 MB is stored from its header as "too large to import" (SPEC §2); one the
 * server gives no structure for is fetched whole and read by mailparser.
 */
export async function fetchBatch(client: ImapFlow, uids: number[], parser: MessageParser): Promise<FetchedMessage[]> {
  if (uids.length === 0) return [];
  const results: Array<Promise<FetchedMessage>> = [];
  const bySections = new Map<string, Array<{ base: Base; header: Buffer; plan: FetchedParts['plan'] }>>();
  const whole = new Map<number, { base: Base; header: Buffer }>();
  const query = { uid: true, flags: true, internalDate: true, size: true, bodyStructure: true, headers: true };
  for await (const message of client.fetch(uids.join(','), query, { uid: true })) {
    const base = baseOf(message);
    const header = message.headers ?? Buffer.alloc(0);
    if (base.size > MAX_INCOMING_MESSAGE_BYTES) {
      results.push(
        Promise.resolve({
          ...base,
          parsed: { ...parseHeadersOnly(header, 'too large'), damaged: null },
          bodyState: 'too_large',
        }),
      );
    } else if (!message.bodyStructure) {
      whole.set(base.uid, { base, header });
    } else {
      const plan = planBodyParts(message.bodyStructure);
      const key = plan.texts.map((text) => text.section).join(' ');
      if (!bySections.has(key)) bySections.set(key, []);
      bySections.get(key)!.push({ base, header, plan });
    }
  }
  for (const [key, group] of bySections) {
    const sections = key ? key.split(' ') : [];
    const contents = new Map<number, Map<string, Buffer>>();
    if (sections.length > 0) {
      const fetched = client.fetch(
        group.map(({ base }) => base.uid).join(','),
        { uid: true, bodyParts: sections },
        { uid: true },
      );
      for await (const message of fetched) contents.set(message.uid, message.bodyParts ?? new Map());
    }
    for (const { base, header, plan } of group) {
      const parts = contents.get(base.uid);
      if (sections.length > 0 && !parts) {
        results.push(Promise.resolve(notReturned(base, header)));
        continue;
      }
      const found = sections.flatMap((section): Array<[string, Buffer]> => {
        const content = parts?.get(section);
        return content ? [[section, content]] : [];
      });
      results.push(parser.parseParts({ header, plan, sections: found }).then((parsed) => withState(base, parsed)));
    }
  }
  if (whole.size > 0) {
    const query = { uid: true, source: { maxLength: MAX_INCOMING_MESSAGE_BYTES } };
    for await (const message of client.fetch([...whole.keys()].join(','), query, { uid: true })) {
      const entry = whole.get(message.uid);
      if (!entry) continue;
      whole.delete(message.uid);
      results.push(parser.parse(message.source ?? Buffer.alloc(0)).then((parsed) => withState(entry.base, parsed)));
    }
    for (const { base, header } of whole.values()) results.push(Promise.resolve(notReturned(base, header)));
  }
  // Awaited together; if one fails, the others must not become unhandled rejections.
  for (const result of results) result.catch(() => {});
  return Promise.all(results);
}

function baseOf(message: FetchMessageObject): Base {
  return {
    uid: message.uid,
    modseq: message.modseq ?? null,
    flags: message.flags ?? new Set<string>(),
    internalDate:
      message.internalDate instanceof Date ? message.internalDate : new Date(message.internalDate ?? Date.now()),
    size: message.size ?? 0,
    headerDigest: digestHeader(message.headers ?? Buffer.alloc(0)),
  };
}

// Gone between two FETCHes (expunged meanwhile): kept from its header rather than skipped past by the import's
// cursor; the next sync removes it if it is really gone.
function notReturned(base: Base, header: Buffer): FetchedMessage {
  return { ...base, parsed: parseHeadersOnly(header, 'body not returned by the server'), bodyState: 'damaged' };
}

function withState(base: Base, parsed: StorableMessage): FetchedMessage {
  return { ...base, parsed, bodyState: parsed.damaged ? 'damaged' : 'complete' };
}
