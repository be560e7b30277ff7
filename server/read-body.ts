import { AppError } from '@/lib/errors';
import type { Problem } from '@/lib/i18n/problem';

/**
 * What a JSON body may weigh unless its route says otherwise. The largest valid input of any JSON schema
 * behind authedRoute is a task's 50,000-character description, ~300 kB even if every character were escaped;
 * routes that take more (sending mail, saving a draft) raise it.
 */
export const DEFAULT_BODY_LIMIT = 1_000_000;

type BodyLimit = {
  limit: number;
  /** The refusal to throw instead of the generic one, when the route can say more (an upload's file limit). */
  tooLarge?: () => AppError;
};

// Decimal units, as the plan limits are worded (14.3 MB); the catalogue words the number and its unit.
const sizeOf = (bytes: number): Problem =>
  bytes >= 1_000_000
    ? { key: 'request.tooLargeMegabytes', values: { megabytes: Number((bytes / 1_000_000).toFixed(1)) } }
    : { key: 'request.tooLargeKilobytes', values: { kilobytes: Math.round(bytes / 1000) } };

export function bodyTooLarge(limit: number): AppError {
  return new AppError('too_large', {
    message: `Request body over the ${limit}-byte limit`,
    problem: sizeOf(limit),
    details: { limit },
  });
}

/**
 * The body's bytes, counted while they stream in: `request.json()` and `formData()` buffer whatever the
 * client sends before anyone can look at it, which let 50 MB bodies grow the server by hundreds of MB. A
 * declared Content-Length over the limit is refused before anything is read; an undeclared (chunked) body is
 * refused as soon as the count passes the limit, so at most one chunk beyond it is ever held. Cancelling the
 * stream stops reading from the socket (the rest of the body is never read); the 413 is still sent.
 */
export async function readBodyBytes(
  request: Request,
  { limit, tooLarge = () => bodyTooLarge(limit) }: BodyLimit,
): Promise<Uint8Array<ArrayBuffer>> {
  const body = request.body;
  if (Number(request.headers.get('content-length')) > limit) {
    // Not awaited: the refusal must not wait on the client's socket.
    void body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body parsed as JSON, within the limit. Bad JSON (or an empty body) is a 400, never an empty object. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBodyBytes(request, { limit });
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new AppError('validation', {
      message: 'Request body is not valid JSON',
      problem: { key: 'request.invalidJson' },
    });
  }
}

/** A multipart or URL-encoded form, within the limit: the bytes are counted before the parser sees them. */
export async function readFormBody(request: Request, options: BodyLimit): Promise<FormData> {
  const bytes = await readBodyBytes(request, options);
  try {
    return await new Response(bytes, {
      headers: { 'Content-Type': request.headers.get('content-type') ?? '' },
    }).formData();
  } catch {
    throw new AppError('validation', {
      message: 'Request body is not a valid form',
      problem: { key: 'request.invalidForm' },
    });
  }
}
