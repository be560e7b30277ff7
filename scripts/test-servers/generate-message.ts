import { randomBytes, randomUUID } from 'node:crypto';

export interface GenerateMessageOptions {
  from?: string;
  to?: string;
  subject?: string;
  date?: Date;
  /** Approximate size of the text/plain body (the HTML alternative, if any, comes on top). Default 1 KB. */
  bodyBytes?: number;
  /** Size of a binary attachment before base64 encoding; 0/absent for none. */
  attachmentBytes?: number;
  attachmentName?: string;
  messageId?: string;
  /** Send multipart/alternative with an HTML part next to the text part. */
  html?: boolean;
  /** Extra header fields, e.g. In-Reply-To / References for threading tests. Values must already be encoded. */
  headers?: Record<string, string>;
}

const CRLF = '\r\n';
const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore ' +
  'magna aliqua invoice meeting project deadline review schedule budget report customer shipment follow up ' +
  'thanks regards please attached draft agenda quarterly numbers office team update question answer'
).split(' ');

/** A realistic RFC 5322 message: CRLF line endings, pure 7-bit (non-ASCII names and subject are RFC 2047 encoded). */
export function generateMessage(options: GenerateMessageOptions = {}): Buffer {
  const date = options.date ?? new Date();
  const boundary = (kind: string) => `----=_Part_${kind}_${randomBytes(8).toString('hex')}`;
  const paragraphs = loremParagraphs(options.bodyBytes ?? 1024, date.getTime() ^ (options.subject?.length ?? 0));
  const text = textPart(paragraphs);
  let body = options.html ? multipart('alternative', [text, htmlPart(paragraphs)], boundary('alt')) : text;
  if (options.attachmentBytes) {
    const file = attachment(options.attachmentBytes, options.attachmentName ?? 'attachment.bin');
    body = multipart('mixed', [body, file], boundary('mix'));
  }
  const headers = [
    `From: ${encodeAddress(options.from ?? 'Alice Example <alice@example.test>')}`,
    `To: ${encodeAddress(options.to ?? 'Bob Example <bob@example.test>')}`,
    `Subject: ${encodeWords(options.subject ?? 'Test message')}`,
    `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}`,
    `Message-ID: ${options.messageId ?? `<${randomUUID()}@mailroom.test>`}`,
    'MIME-Version: 1.0',
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.from(render({ headers: [...headers, ...body.headers], body: body.body }), 'utf8');
}

interface Part {
  headers: string[];
  body: string;
}

function render(part: Part): string {
  return part.headers.join(CRLF) + CRLF + CRLF + part.body;
}

function textPart(paragraphs: string[][]): Part {
  return {
    headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit'],
    body: paragraphs.map((lines) => lines.join(CRLF)).join(CRLF + CRLF) + CRLF,
  };
}

function htmlPart(paragraphs: string[][]): Part {
  const html = paragraphs.map((lines) => `<p>${lines.join(CRLF)}</p>`).join(CRLF);
  return {
    headers: ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 7bit'],
    body: `<!DOCTYPE html>${CRLF}<html><body>${CRLF}${html}${CRLF}</body></html>${CRLF}`,
  };
}

function attachment(bytes: number, name: string): Part {
  const base64 = randomBytes(bytes).toString('base64');
  const lines = base64.match(/.{1,76}/g) ?? [];
  return {
    headers: [
      `Content-Type: application/octet-stream; name="${name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${name}"`,
    ],
    body: lines.join(CRLF) + CRLF,
  };
}

function multipart(subtype: string, parts: Part[], boundary: string): Part {
  const body =
    `This is a multi-part message in MIME format.${CRLF}${CRLF}` +
    parts.map((part) => `--${boundary}${CRLF}${render(part)}${CRLF}`).join('') +
    `--${boundary}--${CRLF}`;
  return { headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`], body };
}

/** Deterministic filler text, wrapped well below the 78-character line limit. */
function loremParagraphs(bytes: number, seed: number): string[][] {
  let state = seed >>> 0 || 1;
  // The low bits of this LCG cycle quickly, so only its high half is used.
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) >>> 16;
  const paragraphs: string[][] = [];
  let size = 0;
  while (size < bytes) {
    const lines: string[] = [];
    const count = 2 + (next() % 5);
    for (let l = 0; l < count && size < bytes; l++) {
      let line = '';
      while (line.length < 60) line += (line ? ' ' : '') + WORDS[next() % WORDS.length];
      lines.push(line);
      size += line.length + 2;
    }
    paragraphs.push(lines);
  }
  return paragraphs;
}

/** RFC 2047 B-encoding, split on code points so no encoded-word exceeds 75 characters. */
function encodeWords(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(`${CRLF} `);
}

/** Encodes the display name of `Name <address>`: bare atoms, a quoted string, or RFC 2047 words for non-ASCII. */
function encodeAddress(value: string): string {
  const [, name, address] = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value) ?? [];
  if (!name || !address) return value;
  if (/^[\w '-]*$/.test(name)) return `${name} <${address}>`;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  return `${encodeWords(name)} <${address}>`;
}
