import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import { cliActor, type Actor } from '../access/actor';
import { canonicalTimeZone, setTimeZone } from './set-time-zone';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

async function storedZone(userId: string): Promise<string | null> {
  const [row] = await getDb().select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
  return row?.timeZone ?? null;
}

describe('time zones', () => {
  afterAll(closeDb);

  it('accepts IANA names (canonically spelt) and nothing else', () => {
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('America/New_York')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    // What Chromium reports in India: an alias, still a real zone.
    expect(canonicalTimeZone('Asia/Calcutta')).toMatch(/^Asia\/(Calcutta|Kolkata)$/);
    for (const odd of [
      '',
      'Mars/Olympus_Mons',
      '+02:00',
      '-05:00',
      'Europe/Paris\u0000',
      'x'.repeat(65),
      null,
      undefined,
    ])
      expect(canonicalTimeZone(odd)).toBeNull();
  });

  it("stores the zone the user's own browser reports, writing only when it changed", async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    expect(await storedZone(user.id)).toBeNull();

    expect(await setTimeZone(db, { userId: user.id, timeZone: 'asia/tokyo', actor: asUser(user) })).toBe(true);
    expect(await storedZone(user.id)).toBe('Asia/Tokyo');
    expect(await setTimeZone(db, { userId: user.id, timeZone: 'Asia/Tokyo', actor: asUser(user) })).toBe(false);
    expect(await setTimeZone(db, { userId: user.id, timeZone: 'Europe/Lisbon', actor: asUser(user) })).toBe(true);
    expect(await storedZone(user.id)).toBe('Europe/Lisbon');

    await expect(
      setTimeZone(db, { userId: user.id, timeZone: 'Nowhere/Special', actor: asUser(user) }),
    ).rejects.toMatchObject({ code: 'validation', details: { fieldErrors: { timeZone: expect.any(String) } } });
    expect(await storedZone(user.id)).toBe('Europe/Lisbon');
  });

  it("lets nobody set someone else's zone", async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    for (const actor of [asUser(admin), cliActor]) {
      await expect(setTimeZone(db, { userId: user.id, timeZone: 'Europe/Paris', actor })).rejects.toMatchObject({
        code: 'not_found',
      });
    }
    expect(await storedZone(user.id)).toBeNull();
  });
});
