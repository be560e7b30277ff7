import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createSession, endSession } from '@/lib/auth/sessions';
import { createTestOrg, createTestUser } from '@/test/factories';
import { createSessionTokenReader, MAX_DECODED_TOKENS, sessionOfCookie } from './session-token';

// Every decryption of a token (getToken without `raw`) is counted; the real next-auth code does the work.
const counter = vi.hoisted(() => ({ decrypts: 0 }));
vi.mock('next-auth/jwt', async (importOriginal) => {
  const actual = await importOriginal<typeof import('next-auth/jwt')>();
  return {
    ...actual,
    getToken: ((params: Parameters<typeof actual.getToken>[0]) => {
      if (!params.raw) counter.decrypts += 1;
      return actual.getToken(params);
    }) as typeof actual.getToken,
  };
});

// Plain http: Auth.js's cookie name without "__Secure-", which is also the token's salt.
const COOKIE = 'authjs.session-token';
const SECRET = randomBytes(32).toString('base64url');

async function cookieFor(sessionId: string, maxAgeSeconds = 3600): Promise<string> {
  const token = await encode({ token: { sid: sessionId }, secret: SECRET, salt: COOKIE, maxAge: maxAgeSeconds });
  return `${COOKIE}=${token}`;
}

function reader(maxTokens?: number) {
  return createSessionTokenReader({ maxTokens, secret: () => SECRET, secureCookie: () => false });
}

function shuffled<T>(items: T[]): T[] {
  return items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeDb();
});

describe('the decoded session token cache', () => {
  it('a burst of requests decrypts each real token once and answers every one right; made-up ones are kept out', async () => {
    const sessions = Array.from({ length: 20 }, (_, i) => `session-${i}`);
    const cookies = await Promise.all(sessions.map((id) => cookieFor(id)));
    const madeUp = Array.from(
      { length: 20 },
      (_, i) => `${COOKIE}=made-up-${i}.${randomBytes(40).toString('base64url')}`,
    );
    const requests = shuffled([
      ...cookies.flatMap((cookie, i) => Array.from({ length: 10 }, () => ({ cookie, expected: sessions[i] }))),
      ...madeUp.map((cookie) => ({ cookie, expected: null })),
    ]);
    const tokens = reader();

    counter.decrypts = 0;
    const answers = await Promise.all(requests.map((r) => tokens.sessionIdOf(r.cookie)));
    expect(answers).toEqual(requests.map((r) => r.expected));
    // 200 requests for 20 real tokens and 20 made-up ones: one decryption per distinct token.
    expect(counter.decrypts).toBe(40);
    expect(tokens.size()).toBe(20);

    counter.decrypts = 0;
    const again = await Promise.all(requests.map((r) => tokens.sessionIdOf(r.cookie)));
    expect(again).toEqual(requests.map((r) => r.expected));
    // The real ones come from the cache; a made-up one is tried again (and costs its sender again).
    expect(counter.decrypts).toBe(20);
  });

  it('an expired token is refused even though it was kept', async () => {
    const tokens = reader();
    const cookie = await cookieFor('short-lived', 60);
    expect(await tokens.sessionIdOf(cookie)).toBe('short-lived');
    expect(await tokens.sessionIdOf(cookie)).toBe('short-lived');
    vi.useFakeTimers({ toFake: ['Date'] });
    // Past its exp and next-auth's 15 s of clock tolerance.
    vi.setSystemTime(Date.now() + 120_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => tokens.sessionIdOf(cookie)));
    expect(answers).toEqual(Array(10).fill(null));
    expect(tokens.size()).toBe(0);
  });

  it('keeps at most its bound under a burst of distinct tokens, the oldest going first', async () => {
    expect(MAX_DECODED_TOKENS).toBe(10_000);
    const tokens = reader(50);
    const burst = await Promise.all(Array.from({ length: 120 }, (_, i) => cookieFor(`burst-${i}`)));
    expect(await Promise.all(burst.map((c) => tokens.sessionIdOf(c)))).toEqual(burst.map((_, i) => `burst-${i}`));
    expect(tokens.size()).toBe(50);

    // 50 more, one after the other: they replace the burst's; one more then pushes out the first of them.
    const later = await Promise.all(Array.from({ length: 51 }, (_, i) => cookieFor(`later-${i}`)));
    for (const cookie of later.slice(0, 50)) await tokens.sessionIdOf(cookie);
    await tokens.sessionIdOf(later[50]!);
    expect(tokens.size()).toBe(50);
    counter.decrypts = 0;
    for (const [i, cookie] of later.slice(1).entries()) expect(await tokens.sessionIdOf(cookie)).toBe(`later-${i + 1}`);
    expect(counter.decrypts).toBe(0);
    expect(await tokens.sessionIdOf(later[0]!)).toBe('later-0');
    expect(counter.decrypts).toBe(1);

    // A flood of made-up tokens pushes nothing out.
    const madeUp = Array.from(
      { length: 500 },
      (_, i) => `${COOKIE}=flood-${i}.${randomBytes(40).toString('base64url')}`,
    );
    expect(new Set(await Promise.all(madeUp.map((c) => tokens.sessionIdOf(c))))).toEqual(new Set([null]));
    counter.decrypts = 0;
    await Promise.all(later.slice(2).map((c) => tokens.sessionIdOf(c)));
    expect(counter.decrypts).toBe(0);
  });

  it('a kept token of a session that ended, or of a user deactivated, is refused on the next request', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const other = await createTestUser(db, { orgId: org.id });
    const first = await createSession(db, { userId: user.id, orgId: org.id });
    const second = await createSession(db, { userId: other.id, orgId: org.id });
    const [firstCookie, secondCookie] = await Promise.all([cookieFor(first.sessionId), cookieFor(second.sessionId)]);
    const tokens = reader();

    const before = await Promise.all(
      [firstCookie, secondCookie, firstCookie].map((c) => sessionOfCookie(db, c, tokens)),
    );
    expect(before.map((s) => s?.user.id)).toEqual([user.id, other.id, user.id]);

    await endSession(db, { sessionId: first.sessionId });
    await db.update(users).set({ active: false }).where(eq(users.id, other.id));
    counter.decrypts = 0;
    const after = await Promise.all(
      Array.from({ length: 10 }, (_, i) => sessionOfCookie(db, i % 2 ? firstCookie : secondCookie, tokens)),
    );
    expect(after).toEqual(Array(10).fill(null));
    // Refused by the row, with the tokens still served from the cache.
    expect(counter.decrypts).toBe(0);
  });
});
