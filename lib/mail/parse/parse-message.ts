import libmime from 'libmime';
import {
  MailParser,
  type AttachmentStream,
  type HeaderLines,
  type MailParserOptions,
  type MessageText,
} from 'mailparser';
import { readHeaderFields } from './header-fields';
import { parseHeadersOnly } from './parse-headers-only';
import { makeSnippet } from './snippet';
import { truncate, withoutNul } from './strings';
import { withInlineFlags, type AttachmentMeta } from './inline-attachments';
import { searchVectorOf } from './search-vector-of';
import type { ParsedMessage } from './types';

const OPTIONS: MailParserOptions = {
  // The HTML is stored as the sender wrote it and sanitised when shown, so no text↔HTML conversions here:
  // they cost time on big bodies and html-to-text is where pathological nesting used to hurt.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: 'sha256',
};

const MAX_FILENAME = 1024;
const MAX_DAMAGE_TEXT = 500;

type Collected = { lines: HeaderLines; body: MessageText | null; attachments: AttachmentMeta[] };

/**
 * Parses one raw RFC 5322 message. Never throws: when mailparser fails, the result is what the top header block
 * gives, with `damaged` saying why. Run it through the parse pool for untrusted input, which adds a time and
 * memory bound; this function has neither.
 */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  try {
    return toParsedMessage(await collect(raw));
  } catch (error) {
    return parseHeadersOnly(raw, describeFailure(error));
  }
}

function toParsedMessage(collected: Collected): ParsedMessage {
  const text = withoutNul(collected.body?.text ?? '') || null;
  const html = withoutNul(collected.body?.html ?? '') || null;
  const fields = readHeaderFields(collected.lines);
  return {
    ...fields,
    text,
    html,
    snippet: makeSnippet(text, html),
    attachments: withInlineFlags(collected.attachments, html),
    searchVector: searchVectorOf(fields, { text, html }),
    damaged: null,
  };
}

// MailParser rather than simpleParser: simpleParser buffers every attachment in memory, while we only keep
// size and hash (content is fetched from the server on demand), so attachments are drained as they stream.
function collect(raw: Buffer): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser(OPTIONS);
    const result: Collected = { lines: [], body: null, attachments: [] };
    parser.on('headerLines', (lines: HeaderLines) => {
      result.lines = lines;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        result.body = data;
        return;
      }
      // The size and checksum are set when the content stream ends; the parser waits for release().
      data.content.on('end', () => {
        result.attachments.push(describeAttachment(data));
        data.release?.();
      });
      data.content.on('error', reject);
      data.content.resume();
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(result));
    try {
      parser.end(raw);
    } catch (error) {
      reject(error);
    }
  });
}

function describeAttachment(attachment: AttachmentStream): AttachmentMeta {
  return {
    partId: attachment.partId,
    // Kept as the sender wrote it ("../", control characters and all): sanitised where it is used.
    filename: attachment.filename ? truncate(withoutNul(attachment.filename), MAX_FILENAME) : null,
    contentType: contentTypeOf(attachment),
    size: attachment.size ?? 0,
    contentId: attachment.cid ? withoutNul(attachment.cid) : null,
    sha256: attachment.checksum ?? '',
    related: attachment.related === true,
    disposition: attachment.contentDisposition ?? null,
  };
}

// mailparser's types promise a string, but an empty `Content-Type: ; name="x.jpg"` comes back as `false`
// (flanker/spam/broken-ctype.eml). Guess from the file name then, as mailparser does for octet-stream.
function contentTypeOf(attachment: AttachmentStream): string {
  const declared: unknown = attachment.contentType;
  if (typeof declared === 'string' && declared) return withoutNul(declared).toLowerCase();
  return (attachment.filename && libmime.detectMimeType(attachment.filename)) || 'application/octet-stream';
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // mailsplit's EMAXLEN: more MIME parts or a bigger header block than we allow.
  const prefix = (error as { code?: unknown } | null)?.code === 'EMAXLEN' ? 'too complex: ' : '';
  return truncate(prefix + (message || 'parser error'), MAX_DAMAGE_TEXT);
}
