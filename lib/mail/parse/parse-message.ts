import libmime from 'libmime';
import { MailParser, type AttachmentStream, type HeaderLines, type MailParserOptions, type MessageText } from 'mailparser';
import { readHeaderFields } from './header-fields';
import { parseHeadersOnly } from './parse-headers-only';
import { makeSnippet } from './snippet';
import { truncate, withoutNul } from './strings';
import type { ParsedAttachment, ParsedMessage } from './types';

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

type AttachmentMeta = Omit<ParsedAttachment, 'inline'> & { related: boolean; disposition: string | null };
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
  return {
    ...readHeaderFields(collected.lines),
    text,
    html,
    snippet: makeSnippet(text, html),
    attachments: withInlineFlags(collected.attachments, html),
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

// Shown in the body when the HTML points at it, or when it is a related part (an embedded image) that the
// sender did not mark as a download. An image with a Content-ID that nothing references and that is not
// related stays in the attachment list, so it cannot go missing.
function withInlineFlags(attachments: AttachmentMeta[], html: string | null): ParsedAttachment[] {
  const referenced = new Set(Array.from(html?.matchAll(/cid:([^\s"'<>()]+)/gi) ?? [], (match) => cidKey(match[1] ?? '')));
  return attachments.map(({ related, disposition, ...attachment }) => {
    const cid = attachment.contentId;
    const inline = cid !== null && (referenced.has(cidKey(cid)) || (related && disposition !== 'attachment'));
    return { ...attachment, inline };
  });
}

function cidKey(cid: string): string {
  try {
    return decodeURIComponent(cid).toLowerCase();
  } catch {
    return cid.toLowerCase();
  }
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
