import nodemailer from 'nodemailer';
import { ImapWire, type TaggedResponse } from './imap-wire';

export { generateMessage, type GenerateMessageOptions } from './generate-message';

export interface SeedMessage {
  raw: Buffer | string;
  internalDate?: Date;
  /** IMAP flags such as `\Seen`, `\Flagged` or keywords like `$Important`. */
  flags?: string[];
}

export interface AppendMessagesOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Created when missing. Default INBOX. */
  folder?: string;
  messages: SeedMessage[];
  /** Messages per MULTIAPPEND command. Default 500. */
  batchSize?: number;
}

export interface AppendMessagesResult {
  appended: number;
  /** From UIDPLUS APPENDUID, when the server sends it. */
  uidValidity?: number;
  uids?: number[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Seeds a mailbox quickly: each batch is one MULTIAPPEND (RFC 3502) whose messages are sent as non-synchronizing
 * LITERAL+ literals (RFC 7888), so a whole batch is a single write with no round trip per message.
 */
export async function appendMessages(options: AppendMessagesOptions): Promise<AppendMessagesResult> {
  const folder = options.folder ?? 'INBOX';
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const { wire } = await ImapWire.connect(options.host, options.port);
  try {
    const login = await wire.command(['LOGIN ', ...astring(options.user), ' ', ...astring(options.password)]);
    expectOk(login, `LOGIN as ${options.user}`);
    const capabilities = await capabilitiesAfterLogin(wire, login);
    for (const needed of ['MULTIAPPEND', 'LITERAL+']) {
      if (!capabilities.has(needed)) throw new Error(`IMAP server ${options.host}:${options.port} lacks ${needed}`);
    }
    const mailbox = quoted(encodeMailboxName(folder));
    if (folder.toUpperCase() !== 'INBOX') {
      const created = await wire.command([`CREATE ${mailbox}`]);
      // Dovecot answers [ALREADYEXISTS]; Cyrus 3.6 only says so in words.
      if (created.status !== 'OK' && !created.text.includes('[ALREADYEXISTS]') && !/already exists/i.test(created.text))
        expectOk(created, `CREATE ${folder}`);
    }

    const result: AppendMessagesResult = { appended: 0 };
    for (let start = 0; start < options.messages.length; start += batchSize) {
      const batch = options.messages.slice(start, start + batchSize);
      const pieces: Array<string | Buffer> = [`APPEND ${mailbox}`];
      for (const [index, message] of batch.entries()) {
        if (message.internalDate && Number.isNaN(message.internalDate.getTime())) {
          throw new Error(`Message ${start + index + 1} has an invalid internalDate`);
        }
        const raw = typeof message.raw === 'string' ? Buffer.from(message.raw, 'utf8') : message.raw;
        const flags = message.flags?.length ? ` (${message.flags.join(' ')})` : '';
        const date = message.internalDate ? ` "${imapDate(message.internalDate)}"` : '';
        pieces.push(`${flags}${date} {${raw.length}+}\r\n`, raw);
      }
      const response = await wire.command(pieces);
      // MULTIAPPEND is atomic: a refused batch stores nothing, but earlier batches stay.
      const stored = result.appended ? ` (${result.appended} earlier messages were stored)` : '';
      expectOk(response, `APPEND of messages ${start + 1}-${start + batch.length} to ${folder}${stored}`);
      result.appended += batch.length;
      const appendUid = /\[APPENDUID (\d+) ([\d:,]+)\]/i.exec(response.text);
      if (appendUid?.[1] && appendUid[2]) {
        result.uidValidity = Number(appendUid[1]);
        (result.uids ??= []).push(...expandUidSet(appendUid[2]));
      }
    }
    await wire.command(['LOGOUT']).catch(() => undefined);
    return result;
  } finally {
    wire.close();
  }
}

/** Delivers one message through LMTP (e.g. Dovecot's lmtpPort), as an MTA would: it lands in the INBOX. */
export async function deliverByLmtp(options: {
  host: string;
  port: number;
  from?: string;
  to: string | string[];
  raw: Buffer | string;
}): Promise<void> {
  const transport = nodemailer.createTransport({ host: options.host, port: options.port, lmtp: true, ignoreTLS: true });
  try {
    const envelope = { from: options.from ?? 'sender@example.test', to: [options.to].flat() };
    const info = await transport.sendMail({ envelope, raw: options.raw });
    if (info.rejected.length) throw new Error(`LMTP rejected ${info.rejected.join(', ')}: ${info.response}`);
  } finally {
    transport.close();
  }
}

function expectOk(response: TaggedResponse, what: string): void {
  if (response.status !== 'OK') throw new Error(`IMAP ${what} failed: ${response.status} ${response.text}`);
}

async function capabilitiesAfterLogin(wire: ImapWire, login: TaggedResponse): Promise<Set<string>> {
  // Dovecot lists the post-login capabilities in the LOGIN OK; other servers need an explicit CAPABILITY.
  let list = /^\[CAPABILITY ([^\]]*)\]/i.exec(login.text)?.[1];
  if (list === undefined) {
    const response = await wire.command(['CAPABILITY']);
    expectOk(response, 'CAPABILITY');
    list = response.untagged.find((line) => /^\* CAPABILITY /i.test(line))?.slice('* CAPABILITY '.length) ?? '';
  }
  return new Set(list.toUpperCase().split(' '));
}

/** IMAP astring: a quoted string when possible, else a LITERAL+ literal (8-bit or CR/LF content). */
function astring(value: string): Array<string | Buffer> {
  if (/^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value)) return [quoted(value)];
  const bytes = Buffer.from(value, 'utf8');
  return [`{${bytes.length}+}\r\n`, bytes];
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Modified UTF-7 (RFC 3501 §5.1.3), which IMAP4rev1 requires for non-ASCII mailbox names. */
function encodeMailboxName(name: string): string {
  return name.replace(/&|[^\x20-\x7e]+/g, (chunk) => {
    if (chunk === '&') return '&-';
    const utf16be = Buffer.from(chunk, 'utf16le').swap16();
    return `&${utf16be.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
  });
}

/** RFC 3501 date-time, always in UTC: "05-Mar-2024 14:07:09 +0000". */
function imapDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()}`;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function expandUidSet(set: string): number[] {
  return set.split(',').flatMap((range) => {
    const [first = 0, last = first] = range.split(':').map(Number);
    const [low, high] = first <= last ? [first, last] : [last, first];
    return Array.from({ length: high - low + 1 }, (_, i) => low + i);
  });
}
