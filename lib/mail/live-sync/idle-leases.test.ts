import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailboxIdleLeases } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import { acquireIdleLease } from './acquire-idle-lease';
import { releaseIdleLeases, setIdleLeaseMode } from './release-idle-leases';
import { renewIdleLeases } from './renew-idle-leases';

afterAll(() => closeDb());

async function mailboxes(count: number) {
  const db = getDb();
  const org = await createTestOrg(db);
  const user = await createTestUser(db, { orgId: org.id });
  return Promise.all(
    Array.from({ length: count }, () => createTestMailbox(db, { orgId: org.id, ownerUserId: user.id })),
  );
}

// A host of its own per test: the per-host count must not see other tests' leases.
const randomHost = () => `imap-${randomBytes(4).toString('hex')}.test`;
const expire = (mailboxId: string) =>
  getDb()
    .update(mailboxIdleLeases)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(eq(mailboxIdleLeases.mailboxId, mailboxId));
const lease = async (mailboxId: string) =>
  (await getDb().select().from(mailboxIdleLeases).where(eq(mailboxIdleLeases.mailboxId, mailboxId)))[0];

describe('mailbox IDLE leases', () => {
  it('a parallel burst of 30 workers for one mailbox has exactly one winner', async () => {
    const [box] = await mailboxes(1);
    const imapHost = randomHost();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        acquireIdleLease(getDb(), { mailboxId: box!.id, workerId: `w${i}`, imapHost, mode: 'idle', perHostCap: 10 }),
      ),
    );
    expect(results.filter((r) => r !== null)).toEqual(['idle']);
    const winner = results.findIndex((r) => r !== null);
    expect((await lease(box!.id))?.workerId).toBe(`w${winner}`);
    // The holder cannot take it twice, and nobody else can while it lives.
    expect(
      await acquireIdleLease(getDb(), { mailboxId: box!.id, workerId: 'late', imapHost, mode: 'idle', perHostCap: 10 }),
    ).toBeNull();
  });

  it('renews only its own live leases; an expired one is taken over and never revived by its old holder', async () => {
    const [a, b] = await mailboxes(2);
    const imapHost = randomHost();
    for (const box of [a!, b!])
      await acquireIdleLease(getDb(), { mailboxId: box.id, workerId: 'one', imapHost, mode: 'idle', perHostCap: 10 });
    const before = (await lease(a!.id))!.expiresAt;
    expect(await renewIdleLeases(getDb(), { workerId: 'two', mailboxIds: [a!.id, b!.id] })).toEqual(new Set());
    expect(await renewIdleLeases(getDb(), { workerId: 'one', mailboxIds: [a!.id, b!.id] })).toEqual(
      new Set([a!.id, b!.id]),
    );
    expect((await lease(a!.id))!.expiresAt.getTime()).toBeGreaterThanOrEqual(before.getTime());

    await expire(a!.id);
    // Expired: its holder's renewal no longer counts, even before anyone else took it.
    expect(await renewIdleLeases(getDb(), { workerId: 'one', mailboxIds: [a!.id, b!.id] })).toEqual(new Set([b!.id]));
    expect(
      await acquireIdleLease(getDb(), { mailboxId: a!.id, workerId: 'two', imapHost, mode: 'idle', perHostCap: 10 }),
    ).toBe('idle');
    expect((await lease(a!.id))?.workerId).toBe('two');
    expect(await renewIdleLeases(getDb(), { workerId: 'one', mailboxIds: [a!.id] })).toEqual(new Set());

    // Release deletes only the caller's own leases.
    await releaseIdleLeases(getDb(), { workerId: 'one', mailboxIds: [a!.id, b!.id] });
    expect(await lease(a!.id)).toMatchObject({ workerId: 'two' });
    expect(await lease(b!.id)).toBeUndefined();
  });

  it('a parallel burst over the per-host cap gets exactly the cap in IDLE and polls the rest', async () => {
    const boxes = await mailboxes(12);
    const imapHost = randomHost();
    const modes = await Promise.all(
      boxes.map((box, i) =>
        acquireIdleLease(getDb(), { mailboxId: box.id, workerId: `w${i % 3}`, imapHost, mode: 'idle', perHostCap: 4 }),
      ),
    );
    expect(modes.filter((m) => m === 'idle')).toHaveLength(4);
    expect(modes.filter((m) => m === 'poll')).toHaveLength(8);

    // A place freed (a lease turned to polling) is the next acquirer's.
    const idleIndex = modes.indexOf('idle');
    await setIdleLeaseMode(getDb(), { workerId: `w${idleIndex % 3}`, mailboxId: boxes[idleIndex]!.id, mode: 'poll' });
    const [extra] = await mailboxes(1);
    expect(
      await acquireIdleLease(getDb(), { mailboxId: extra!.id, workerId: 'w9', imapHost, mode: 'idle', perHostCap: 4 }),
    ).toBe('idle');
    // Expired leases do not count against the cap.
    const [another] = await mailboxes(1);
    await expire(extra!.id);
    expect(
      await acquireIdleLease(getDb(), {
        mailboxId: another!.id,
        workerId: 'w9',
        imapHost,
        mode: 'idle',
        perHostCap: 4,
      }),
    ).toBe('idle');
    // Asked for polling, polling it is, whatever the host's room.
    const [polled] = await mailboxes(1);
    expect(
      await acquireIdleLease(getDb(), {
        mailboxId: polled!.id,
        workerId: 'w9',
        imapHost: randomHost(),
        mode: 'poll',
        perHostCap: 4,
      }),
    ).toBe('poll');
  });
});
