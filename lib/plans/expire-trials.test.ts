import { eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, type Db } from '@/db/client';
import { messageLinks, messages, organizations } from '@/db/schema';
import { stopBoss, enqueueJob } from '@/lib/jobs/boss';
import { startWorkers } from '@/lib/jobs/start-workers';
import { createIsolatedDatabase } from '@/test/database';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { MessageLinkKind } from '@/db/schema';
import { cliActor } from '../access/actor';
import { changePlan } from './change-plan';
import { expireTrials } from './expire-trials';

// Links per seeded message: only task and CRM links keep a message when mail stops (SPEC §2).
const pattern: MessageLinkKind[][] = [
  [],
  ['task'],
  ['crm'],
  ['feed'],
  ['task', 'feed'],
  ['calendar', 'chat'],
  ['crm', 'task'],
  [],
];
const kept = pattern
  .map((kinds, i) => (kinds.includes('task') || kinds.includes('crm') ? i : -1))
  .filter((i) => i >= 0);

async function seededOrg(plan: string, db: Db = getDb()) {
  const org = await createTestOrg(db, { plan });
  const user = await createTestUser(db, { orgId: org.id });
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id });
  const ids = await createTestMessages(db, {
    orgId: org.id,
    mailboxId: mailbox.id,
    count: pattern.length * 30,
    linkKinds: (i) => pattern[i % pattern.length]!,
  });
  return { org, ids };
}

async function remaining(ids: number[], db: Db = getDb()) {
  const rows = await db.select({ id: messages.id }).from(messages).where(inArray(messages.id, ids));
  return new Set(rows.map((r) => r.id));
}

describe('trial end and the move to free', () => {
  afterAll(async () => {
    await stopBoss();
    await closeDb();
  });

  it('moves ended trials to free and deletes exactly the messages not linked to a task or the CRM', async () => {
    // Its clock runs 15 days ahead, which would end the trials of tests running beside it: own database.
    const isolated = await createIsolatedDatabase();
    const db = isolated.db;
    const ended = await seededOrg('trial', db);
    const running = await seededOrg('trial', db);
    const paid = await seededOrg('basic', db);
    const now = new Date(ended.org.trialEndsAt!.getTime() + 1000);
    await db
      .update(organizations)
      .set({ trialEndsAt: new Date(now.getTime() + 86_400_000) })
      .where(eq(organizations.id, running.org.id));

    expect(await expireTrials(db, { now })).toEqual([
      expect.objectContaining({ orgId: ended.org.id, deletedMessages: (pattern.length - kept.length) * 30 }),
    ]);

    const left = await remaining(ended.ids, db);
    expect([...left].sort((a, b) => a - b)).toEqual(ended.ids.filter((_, i) => kept.includes(i % pattern.length)));
    const links = await db.select().from(messageLinks).where(inArray(messageLinks.messageId, ended.ids));
    expect(links.every((l) => left.has(l.messageId))).toBe(true);
    const [org] = await db.select().from(organizations).where(eq(organizations.id, ended.org.id));
    expect(org!.plan).toBe('free');

    expect((await remaining(running.ids, db)).size).toBe(running.ids.length);
    expect((await remaining(paid.ids, db)).size).toBe(paid.ids.length);
    expect(await expireTrials(db, { now })).toEqual([]);
    await isolated.drop();
  });

  it('deletes the unlinked messages through the background job after an admin moves to free', async () => {
    const db = getDb();
    const { org, ids } = await seededOrg('standard');
    const result = await changePlan(db, { orgId: org.id, plan: 'free', actor: cliActor });
    expect(result.unlinkedMessagesToDelete).toBe((pattern.length - kept.length) * 30);
    await startWorkers({ pollingIntervalSeconds: 0.5 });
    await enqueueJob('plans-delete-unlinked-messages', { orgId: org.id });
    await expect
      .poll(async () => (await remaining(ids)).size, { timeout: 20_000, interval: 250 })
      .toBe(kept.length * 30);
  });
});
