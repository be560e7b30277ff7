import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailboxAccess } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import { throwIfMailboxLimitReached, throwIfSharedMailboxLimitReached } from './guards';

describe('plan guards on the database', () => {
  afterAll(closeDb);

  it('counts only enabled mailboxes against the per-employee limit, at its boundary', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const user = await createTestUser(db, { orgId: org.id });
    for (let i = 0; i < 4; i++) await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id });
    await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id, status: 'disabled' });
    await expect(throwIfMailboxLimitReached(db, { org, userId: user.id })).resolves.toBeUndefined();
    await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id });
    await expect(throwIfMailboxLimitReached(db, { org, userId: user.id })).rejects.toMatchObject({
      code: 'limit_exceeded',
      details: { resource: 'mailboxesPerEmployee', limit: 5, used: 5, remaining: 0 },
    });
    // Another employee of the same organization has their own allowance.
    const colleague = await createTestUser(db, { orgId: org.id });
    await expect(throwIfMailboxLimitReached(db, { org, userId: colleague.id })).resolves.toBeUndefined();
  });

  it('refuses any mailbox on free and after the trial ended', async () => {
    const db = getDb();
    const free = await createTestOrg(db, { plan: 'free' });
    const user = await createTestUser(db, { orgId: free.id });
    await expect(throwIfMailboxLimitReached(db, { org: free, userId: user.id })).rejects.toMatchObject({
      details: { resource: 'mail' },
    });
    const trial = await createTestOrg(db, { plan: 'trial' });
    const trialUser = await createTestUser(db, { orgId: trial.id });
    await expect(
      throwIfMailboxLimitReached(db, {
        org: trial,
        userId: trialUser.id,
        now: new Date(trial.trialEndsAt!.getTime() + 1),
      }),
    ).rejects.toMatchObject({
      details: { resource: 'mail' },
    });
  });

  it('limits the trial to 3 shared mailboxes; an already shared one can get more colleagues', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'trial' });
    const owner = await createTestUser(db, { orgId: org.id });
    const colleague = await createTestUser(db, { orgId: org.id });
    const boxes = [];
    for (let i = 0; i < 4; i++) boxes.push(await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id }));
    // A grant to the owner themself does not make a mailbox shared.
    await db
      .insert(mailboxAccess)
      .values({ orgId: org.id, mailboxId: boxes[3]!.id, userId: owner.id, level: 'manage' });
    for (const box of boxes.slice(0, 3)) {
      await throwIfSharedMailboxLimitReached(db, { org, mailboxId: box.id });
      await db.insert(mailboxAccess).values({ orgId: org.id, mailboxId: box.id, userId: colleague.id, level: 'read' });
    }
    await expect(throwIfSharedMailboxLimitReached(db, { org, mailboxId: boxes[3]!.id })).rejects.toMatchObject({
      details: { resource: 'sharedMailboxes', limit: 3, used: 3 },
    });
    await expect(throwIfSharedMailboxLimitReached(db, { org, mailboxId: boxes[0]!.id })).resolves.toBeUndefined();
    const paid = await createTestOrg(db, { plan: 'basic' });
    const paidOwner = await createTestUser(db, { orgId: paid.id });
    const paidBox = await createTestMailbox(db, { orgId: paid.id, ownerUserId: paidOwner.id });
    await expect(throwIfSharedMailboxLimitReached(db, { org: paid, mailboxId: paidBox.id })).resolves.toBeUndefined();
  });
});
