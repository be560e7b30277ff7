import { describe, expect, it } from 'vitest';
import { encodeFeedCursor, decodeFeedCursor } from './feed/feed-schema';
import { decodeListCursor, encodeListCursor, isCursorTimestamp } from './list-cursor';

const id = '3f1c8a52-9d0e-4b7a-8c61-2f5e9a0b7d14';
const encode = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('list cursors a client sends back', () => {
  it('round-trip the positions we hand out', () => {
    const timestamp = { key: '2026-05-01 09:30:00.123456+00', id };
    expect(decodeListCursor(encodeListCursor(timestamp), 'timestamp')).toEqual(timestamp);
    expect(decodeListCursor(encodeListCursor({ key: 'Ada Lovelace', id }), 'text')).toEqual({
      key: 'Ada Lovelace',
      id,
    });
    expect(decodeFeedCursor(encodeFeedCursor({ createdAt: '2026-05-01T09:30:00.123456Z', id }))).toEqual({
      createdAt: '2026-05-01T09:30:00.123456Z',
      id,
    });
  });

  it.each([
    ['an impossible day', ['2024-02-30 10:00:00+00', id]],
    ['year zero', ['0000-01-01 00:00:00+00', id]],
    ['a year past 9999', ['275760-09-14 00:00:00+00', id]],
    ['an hour 24', ['2024-01-01 24:00:00+00', id]],
    ['a date JavaScript parses but PostgreSQL may not', ['Tue, 01 Jan 2024 10:00:00 GMT', id]],
    ['a uuid-shaped string of dashes', ['2024-01-01 10:00:00+00', '-'.repeat(36)]],
    ['a number key', [20240101, id]],
    ['three parts', ['2024-01-01 10:00:00+00', id, 'x']],
  ])('refuse %s with a 400', (_name, parts) => {
    expect(() => decodeListCursor(encode(parts), 'timestamp')).toThrow(
      expect.objectContaining({ code: 'validation', status: 400 }),
    );
  });

  it('refuse a text key PostgreSQL cannot compare, and anything too long to be ours', () => {
    expect(() => decodeListCursor(encode(['a\u0000b', id]), 'text')).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
    expect(() => decodeListCursor('A'.repeat(5000), 'text')).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('accept only real timestamps in the years every date input takes', () => {
    expect(isCursorTimestamp('2024-02-29T23:59:59.999999Z')).toBe(true);
    expect(isCursorTimestamp('2024-02-29 23:59:59+05:30')).toBe(true);
    for (const value of ['2023-02-29T00:00:00Z', '1899-12-31T00:00:00Z', '2024-01-01T10:00:60Z', '2024-01-01', ''])
      expect(isCursorTimestamp(value), value).toBe(false);
    expect(decodeFeedCursor(Buffer.from(`2024-02-30T00:00:00.000000Z|${id}`).toString('base64url'))).toBeNull();
  });
});
