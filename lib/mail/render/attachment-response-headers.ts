// Attachments come from strangers. Served from our origin, an HTML or SVG file would run with the user's
// session, so only raster images are ever shown inline with their own type; everything else is a download
// the browser must not sniff, frame or render.
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

/** Raster images: the only content ever served inline from our origin (never HTML, SVG or scripts). */
export function isInlineImageType(contentType: string): boolean {
  return INLINE_IMAGE_TYPES.has(mediaType(contentType));
}
const MAX_FILENAME_LENGTH = 200;
// C0/C1 controls (CR/LF/NUL among them), bidi embeddings, overrides and isolates, and the invisible marks
// that can turn "invoice\u202efdp.exe" into "invoiceexe.pdf" on screen.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Characters Windows refuses in names, and the path separators of every system.
const RESERVED = /[\\/:*?"<>|]/g;

export type AttachmentResponseOptions = {
  filename: string | null;
  contentType: string;
  size?: number;
  inline: boolean;
};

/**
 * A name safe to save under on any system: no directories, no control or bidi characters, no leading dots
 * (hidden files, ".."), at most MAX_FILENAME_LENGTH characters with the extension kept. Never empty.
 */
export function safeFilename(name: string | null): string {
  const base =
    (name ?? '')
      .normalize('NFC')
      .replace(INVISIBLE, '')
      // "report.pdf%00.html": some tools cut at an encoded NUL. Keep the name whole, with the real extension.
      .replace(/%00/g, '_')
      .split(/[\\/]/)
      .pop() ?? '';
  const cleaned = base
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return truncateKeepingExtension(cleaned || 'attachment', MAX_FILENAME_LENGTH);
}

/** Response headers for serving an attachment's content from our origin. */
export function attachmentResponseHeaders(options: AttachmentResponseOptions): Record<string, string> {
  const type = mediaType(options.contentType);
  const inline = options.inline && isInlineImageType(type);
  const filename = safeFilename(options.filename);
  const headers: Record<string, string> = {
    'Content-Type': inline ? type : 'application/octet-stream',
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; ${dispositionFilename(filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'no-store',
  };
  if (options.size !== undefined && Number.isSafeInteger(options.size) && options.size >= 0) {
    headers['Content-Length'] = String(options.size);
  }
  return headers;
}

/** Only "type/subtype" of a Content-Type, lowercased: parameters (charset …) are never passed on. */
function mediaType(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * RFC 6266: an ASCII fallback for old clients and `filename*` with the real name in UTF-8. Both are built
 * from a name safeFilename has already cleaned, so no quote, backslash or line break can reach the header.
 */
function dispositionFilename(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? Array.from(name.slice(dot)) : [];
  return chars.slice(0, max - extension.length).join('') + extension.join('');
}
