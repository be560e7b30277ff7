import { generateMessage } from '@/scripts/test-servers/generate-message';
import type { Rng } from './prng';

/** A message this run put on the server. Its fuzz id is in the subject and in an `X-Fuzz-Id` header. */
export type FuzzMessage = { fuzzId: number; messageId: string | null; subject: string; raw: Buffer; date: Date };

const TOPICS = [
  'invoice',
  'meeting notes',
  'Projektplan Übersicht',
  'follow up',
  'café order',
  'quarterly numbers',
  're: question',
  'report',
];
const HOUR = 60 * 60 * 1000;

export const fuzzIdOfSubject = (subject: string | null | undefined): number | null => {
  const match = /\[fz (\d+)\]/.exec(subject ?? '');
  return match ? Number(match[1]) : null;
};

export const fuzzIdOfHeaders = (headers: Buffer | undefined): number | null => {
  const match = /^x-fuzz-id:\s*(\d+)/im.exec(headers?.toString('latin1') ?? '');
  return match ? Number(match[1]) : null;
};

/** Message-IDs as Mailroom stores them: the first bracketed id, brackets kept. */
export const normalizeMessageId = (value: string | null | undefined): string | null =>
  /<[^<>\s]+>/.exec(value ?? '')?.[0] ?? null;

/**
 * Makes the run's messages: each with a new fuzz id, and on demand with the Message-ID of an earlier one
 * (different subject and body), or without a Message-ID. Exact duplicates reuse an earlier message's bytes.
 */
export class MessageFactory {
  private readonly byId = new Map<number, FuzzMessage>();
  private nextId = 1;

  constructor(private readonly domain: string) {}

  create(rng: Rng, options: { messageId?: string | null } = {}): FuzzMessage {
    const fuzzId = this.nextId++;
    const subject = `[fz ${fuzzId}] ${rng.pick(TOPICS)} ${rng.int(1000)}`;
    // Within the import window and the CRM's 7-day window.
    const date = new Date(Math.floor((Date.now() - rng.between(1, 96) * HOUR) / 1000) * 1000);
    const messageId =
      options.messageId === undefined ? `<fz${fuzzId}.${rng.int(1e9)}@${this.domain}>` : options.messageId;
    let raw = generateMessage({
      subject,
      date,
      messageId: messageId ?? '<placeholder@fuzz.test>',
      bodyBytes: rng.between(150, 700),
      headers: { 'X-Fuzz-Id': String(fuzzId) },
    });
    if (messageId === null) raw = Buffer.from(raw.toString('utf8').replace(/^Message-ID: .*\r\n/m, ''), 'utf8');
    const message = { fuzzId, messageId, subject, raw, date };
    this.byId.set(fuzzId, message);
    return message;
  }

  get(fuzzId: number): FuzzMessage | undefined {
    return this.byId.get(fuzzId);
  }

  all(): FuzzMessage[] {
    return [...this.byId.values()];
  }
}
