import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { outgoingUsage } from '@/db/schema';
import { createTestOrg } from '@/test/factories';
import { getOutgoingUsage, quotaMonth, releaseOutgoing, reserveOutgoing } from './outgoing-quota';

describe('outgoing quota', () => {
  afterAll(closeDb);

  it('lets exactly one of 20 parallel sends take the last unit of the month', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'basic' });
    const now = new Date('2026-11-15T10:00:00Z');
    await db.insert(outgoingUsage).values({ orgId: org.id, month: quotaMonth(now), used: 9_999 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => reserveOutgoing(db, { org, now })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refusals).toHaveLength(19);
    expect(refusals[0]!.reason).toMatchObject({
      code: 'limit_exceeded',
      details: { resource: 'outgoingPerMonth', limit: 10_000, used: 10_000 },
    });
    expect(await getOutgoingUsage(db, { org, now })).toEqual({ limit: 10_000, used: 10_000, remaining: 0 });
  });

  it('gives a unit back when the server refuses the message', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const reservation = await reserveOutgoing(db, { org, count: 3 });
    expect((await getOutgoingUsage(db, { org })).used).toBe(3);
    await releaseOutgoing(db, reservation);
    expect((await getOutgoingUsage(db, { org })).used).toBe(0);
  });

  it('starts counting again on the 1st of the month (UTC)', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'basic' });
    const lastSecond = new Date('2026-12-31T23:59:59Z');
    const firstSecond = new Date('2027-01-01T00:00:00Z');
    expect(quotaMonth(lastSecond)).toBe('2026-12-01');
    expect(quotaMonth(firstSecond)).toBe('2027-01-01');
    await db.insert(outgoingUsage).values({ orgId: org.id, month: '2026-12-01', used: 10_000 });
    await expect(reserveOutgoing(db, { org, now: lastSecond })).rejects.toMatchObject({ code: 'limit_exceeded' });
    await expect(reserveOutgoing(db, { org, now: firstSecond })).resolves.toMatchObject({ month: '2027-01-01' });
    expect((await getOutgoingUsage(db, { org, now: firstSecond })).used).toBe(1);
  });

  it('refuses sending on free', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'free' });
    await expect(reserveOutgoing(db, { org })).rejects.toMatchObject({ details: { resource: 'mail' } });
  });
});
