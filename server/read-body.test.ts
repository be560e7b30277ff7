import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { DEFAULT_BODY_LIMIT, readBodyBytes, readFormBody, readJsonBody } from './read-body';

const CHUNK = 64 * 1024;

/**
 * A client that would go on sending forever, in CHUNK-sized pieces, counting what the server pulled. No
 * read-ahead (highWaterMark 0): every pull is one the reader asked for.
 */
function endlessBody() {
  const seen = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulls += 1;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

function post(body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request('http://mailroom.test/api/tasks', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('reading a request body within a limit', () => {
  it('refuses an endless streamed body with 413 after reading at most one chunk past the limit, and cancels it', async () => {
    const { stream, seen } = endlessBody();
    const error = await refusal(readJsonBody(post(stream), DEFAULT_BODY_LIMIT));
    expect(error).toMatchObject({
      code: 'too_large',
      status: 413,
      userMessage: 'This request is larger than 1 MB.',
      details: { limit: 1_000_000 },
    });
    expect(seen.pulls).toBeLessThanOrEqual(Math.ceil(DEFAULT_BODY_LIMIT / CHUNK) + 1);
    expect(seen.cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the limit without reading anything', async () => {
    const { stream, seen } = endlessBody();
    const error = await refusal(
      readBodyBytes(post(stream, { 'Content-Length': String(50_000_000) }), { limit: DEFAULT_BODY_LIMIT }),
    );
    expect(error).toMatchObject({ code: 'too_large', status: 413, userMessage: 'This request is larger than 1 MB.' });
    expect(seen.pulls).toBe(0);
  });

  it('passes a body just under the limit, and one exactly at it', async () => {
    const padding = (size: number) => JSON.stringify({ text: 'x'.repeat(size - '{"text":""}'.length) });
    expect(
      ((await readJsonBody(post(padding(DEFAULT_BODY_LIMIT - 1)), DEFAULT_BODY_LIMIT)) as { text: string }).text,
    ).toHaveLength(DEFAULT_BODY_LIMIT - 12);
    expect(await readBodyBytes(post(padding(DEFAULT_BODY_LIMIT)), { limit: DEFAULT_BODY_LIMIT })).toHaveLength(
      DEFAULT_BODY_LIMIT,
    );
    await expect(
      readBodyBytes(post(padding(DEFAULT_BODY_LIMIT + 1)), { limit: DEFAULT_BODY_LIMIT }),
    ).rejects.toMatchObject({ status: 413 });
  });

  it('counts bytes, not characters: multi-byte text over the limit is refused', async () => {
    const body = JSON.stringify({ text: 'ж'.repeat(600_000) });
    expect(body.length).toBeLessThan(DEFAULT_BODY_LIMIT);
    await expect(readJsonBody(post(body), DEFAULT_BODY_LIMIT)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('answers 400 to a body that is not JSON, and to an empty one, instead of treating it as {}', async () => {
    // The last is a JSON string holding a byte that is not UTF-8: a lenient decoder would pass it as U+FFFD.
    for (const body of ['{"title": "x"', 'title=x', '', new Uint8Array([0x22, 0xff, 0x22])]) {
      const error = await refusal(readJsonBody(post(body), DEFAULT_BODY_LIMIT));
      expect(error).toMatchObject({
        code: 'validation',
        status: 400,
        userMessage: 'The request body is not valid JSON.',
      });
    }
  });

  it("throws a route's own refusal for an oversized form, and parses one within the limit", async () => {
    const tooLarge = () => new AppError('too_large', { userMessage: 'A file may be at most 2 kB.' });
    const form = (size: number) => {
      const data = new FormData();
      data.set('file', new File([new Uint8Array(size)], 'a.bin'));
      return new Request('http://mailroom.test/api/mail/uploads', { method: 'POST', body: data });
    };
    await expect(readFormBody(form(4_000), { limit: 3_000, tooLarge })).rejects.toMatchObject({
      status: 413,
      userMessage: 'A file may be at most 2 kB.',
    });
    const file = (await readFormBody(form(2_000), { limit: 3_000, tooLarge })).get('file');
    expect(file).toBeInstanceOf(File);
    expect((file as File).size).toBe(2_000);
    await expect(
      readFormBody(post('not a form', { 'Content-Type': 'multipart/form-data; boundary=x' }), { limit: 3_000 }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
