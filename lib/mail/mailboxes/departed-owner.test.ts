import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, mailboxAccess, mailboxes } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { deactivateUser } from '../../users/deactivate-user';
import { changeMailboxOwner } from './change-mailbox-owner';
import { departedOwnerNotices } from './departed-owner-notices';
import { disconnectDepartedOwnerMailboxes } from './disconnect-departed-owner-mailboxes';
import { grantMailboxAccess } from './grant-mailbox-access';
import { OWNER_DEPARTED_REASON } from './owner-departure';

const DAY = 86_400_000;
const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});
const statusOf = async (id: string) => (await getDb().select().from(mailboxes).where(eq(mailboxes.id, id)))[0]!;

describe('a departed employee’s mailboxes', () => {
  afterAll(closeDb);

  it('keep working for 30 days, are announced to admins in the last 7, then disconnect; a new owner brings them back', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const leaver = await createTestUser(db, { orgId: org.id });
    const successor = await createTestUser(db, { orgId: org.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: leaver.id });
    await grantMailboxAccess(db, { actor: asUser(admin), mailboxId: mailbox.id, userId: successor.id, level: 'read' });
    const deactivatedAt = new Date('2026-03-01T10:00:00Z');
    await deactivateUser(db, { userId: leaver.id, actor: asUser(admin), now: deactivatedAt });
    const at = (days: number) => new Date(deactivatedAt.getTime() + days * DAY);

    expect(await departedOwnerNotices(db, { actor: asUser(admin), now: at(22) })).toEqual([]);
    expect(await disconnectDepartedOwnerMailboxes(db, { now: at(29) })).not.toContainEqual(
      expect.objectContaining({ id: mailbox.id }),
    );
    expect((await statusOf(mailbox.id)).status).toBe('active');
    const notices = await departedOwnerNotices(db, { actor: asUser(admin), now: at(23.5) });
    expect(notices).toEqual([
      {
        mailboxId: mailbox.id,
        email: mailbox.email,
        ownerName: leaver.name,
        ownerEmail: leaver.email,
        disconnectAt: at(30),
      },
    ]);
    expect(await departedOwnerNotices(db, { actor: asUser(successor), now: at(25) })).toEqual([]);

    expect(await disconnectDepartedOwnerMailboxes(db, { now: at(30.01) })).toContainEqual({
      id: mailbox.id,
      email: mailbox.email,
    });
    expect(await statusOf(mailbox.id)).toMatchObject({ status: 'disabled', disabledReason: OWNER_DEPARTED_REASON });
    expect(await disconnectDepartedOwnerMailboxes(db, { now: at(31) })).not.toContainEqual(
      expect.objectContaining({ id: mailbox.id }),
    );
    expect(await departedOwnerNotices(db, { actor: asUser(admin), now: at(31) })).toEqual([]);

    await expect(
      changeMailboxOwner(db, { actor: asUser(successor), mailboxId: mailbox.id, ownerUserId: successor.id }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      changeMailboxOwner(db, { actor: asUser(admin), mailboxId: mailbox.id, ownerUserId: leaver.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const moved = await changeMailboxOwner(db, {
      actor: asUser(admin),
      mailboxId: mailbox.id,
      ownerUserId: successor.id,
    });
    expect(moved).toMatchObject({ ownerUserId: successor.id, status: 'active', disabledReason: null });
    expect(await db.select().from(mailboxAccess).where(eq(mailboxAccess.mailboxId, mailbox.id))).toEqual([]);

    const audit = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.deactivated', 'mailbox.owner_departed_disconnected', 'mailbox.owner_changed']),
    );
    expect(audit.find((e) => e.action === 'mailbox.owner_changed')?.data).toMatchObject({
      fromEmail: leaver.email,
      toEmail: successor.email,
      enabledAgain: true,
    });
  });

  it('a new owner must have room under the plan’s per-employee limit; other organizations cannot take a mailbox', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'basic' });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const full = await createTestUser(db, { orgId: org.id });
    await createTestMailbox(db, { orgId: org.id, ownerUserId: full.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: admin.id });
    await expect(
      changeMailboxOwner(db, { actor: asUser(admin), mailboxId: mailbox.id, ownerUserId: full.id }),
    ).rejects.toMatchObject({ code: 'limit_exceeded' });
    expect((await statusOf(mailbox.id)).ownerUserId).toBe(admin.id);

    const other = await createTestOrg(db);
    const outsider = await createTestUser(db, { orgId: other.id, role: 'admin' });
    await expect(
      changeMailboxOwner(db, { actor: asUser(outsider), mailboxId: mailbox.id, ownerUserId: outsider.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      changeMailboxOwner(db, { actor: asUser(admin), mailboxId: mailbox.id, ownerUserId: outsider.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
