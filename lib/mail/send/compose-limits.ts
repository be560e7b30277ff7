import { AppError } from '../../errors';
import { MAX_OUTGOING_ATTACHMENT_BYTES } from '../../plans/catalogue';

// The sizes the compose window may send us, in one place. Requests are refused with 413 while they stream
// (server/read-body), so these also bound what one request can make the server hold in memory.

/** Characters of HTML in a message or a draft: a long thread quoted in full fits; a pasted database does not. */
export const MAX_COMPOSE_HTML_LENGTH = 5_000_000;

/**
 * Bytes of a send or save-draft request. The HTML alone may be MAX_COMPOSE_HTML_LENGTH characters, which
 * JSON-encode to up to 3 bytes each for non-Latin text (15 MB); recipients and ids add well under 1 MB. So
 * every request the schema accepts fits, and the limit only catches bodies no compose window sends.
 */
export const MAX_COMPOSE_REQUEST_BYTES = 16_000_000;

/** One uploaded file: a message may carry 14.3 MB of attachments in all (SPEC §2), so no file is larger. */
export const MAX_UPLOAD_FILE_BYTES = MAX_OUTGOING_ATTACHMENT_BYTES;

/** One upload request: the file plus its multipart envelope (boundaries, a 255-character file name, headers). */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_UPLOAD_FILE_BYTES + 64 * 1024;

/**
 * Uploads wait as bytea in PostgreSQL until sent or for a day (UPLOAD_TTL_MS); without a total, one person
 * could park gigabytes there. 50 MB is three messages with full 14.3 MB attachments being written at once;
 * 100 files is as many as one message may carry (the send route takes 100 upload ids).
 */
export const MAX_PENDING_UPLOAD_BYTES = 50_000_000;
export const MAX_PENDING_UPLOADS = 100;

// Sizes are said in decimal megabytes to one decimal (14.3); the catalogue writes the number and the unit.
const megabytes = (bytes: number) => Number((bytes / 1_000_000).toFixed(1));

export function uploadTooLarge(): AppError {
  return new AppError('too_large', {
    message: `Upload over the ${MAX_UPLOAD_FILE_BYTES}-byte file limit`,
    problem: { key: 'send.fileTooLarge', values: { megabytes: megabytes(MAX_UPLOAD_FILE_BYTES) } },
    details: { resource: 'uploadSize', limit: MAX_UPLOAD_FILE_BYTES },
  });
}

/** Before storing `adding` bytes for someone whose unsent uploads are `pending`. */
export function throwIfPendingUploadsExceeded(pending: { count: number; bytes: number }, adding: number): void {
  if (pending.count + 1 > MAX_PENDING_UPLOADS) {
    throw new AppError('too_large', {
      message: `Pending uploads at the ${MAX_PENDING_UPLOADS}-file limit`,
      problem: { key: 'send.tooManyPendingUploads', values: { max: MAX_PENDING_UPLOADS, count: pending.count } },
      details: {
        resource: 'pendingUploads',
        limit: MAX_PENDING_UPLOADS,
        used: pending.count,
        remaining: Math.max(0, MAX_PENDING_UPLOADS - pending.count),
      },
    });
  }
  if (pending.bytes + adding > MAX_PENDING_UPLOAD_BYTES) {
    throw new AppError('too_large', {
      message: `Pending uploads would pass the ${MAX_PENDING_UPLOAD_BYTES}-byte limit: ${pending.bytes} + ${adding}`,
      problem: {
        key: 'send.pendingUploadsTooLarge',
        values: {
          limit: megabytes(MAX_PENDING_UPLOAD_BYTES),
          used: megabytes(pending.bytes),
          adding: megabytes(adding),
        },
      },
      details: {
        resource: 'pendingUploadBytes',
        limit: MAX_PENDING_UPLOAD_BYTES,
        used: pending.bytes,
        remaining: Math.max(0, MAX_PENDING_UPLOAD_BYTES - pending.bytes),
      },
    });
  }
}
