import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, mailboxes } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { cliActor, type Actor } from '../access/actor';
import { connectMailbox } from '../mail/mailboxes/connect-mailbox';
import { OWNER_DEPARTED_REASON } from '../mail/mailboxes/owner-departure';
import { changeUserRole } from './change-user-role';
import { deactivateUser } from './deactivate-user';
import { listUsers } from './list-users';
import { reactivateUser } from './reactivate-user';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});
const boxOf = async (id: string) => (await getDb().select().from(mailboxes).where(eq(mailboxes.id, id)))[0]!;
const acceptAll = async () => {};

describe('users: roles, reactivation, owner-less mailboxes', () => {
  afterAll(closeDb);

  it('admins change roles but never demote the last active admin, even two at once', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const ada = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const bob = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const eve = await createTestUser(db, { orgId: org.id });
    await expect(changeUserRole(db, { actor: asUser(eve), userId: eve.id, role: 'admin' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const other = await createTestOrg(db);
    const outsider = await createTestUser(db, { orgId: other.id, role: 'admin' });
    await expect(changeUserRole(db, { actor: asUser(outsider), userId: eve.id, role: 'admin' })).rejects.toMatchObject({
      code: 'not_found',
    });

    const both = await Promise.allSettled([
      changeUserRole(db, { actor: asUser(ada), userId: bob.id, role: 'employee' }),
      changeUserRole(db, { actor: asUser(bob), userId: ada.id, role: 'employee' }),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    const rows = await listUsers(db, { actor: asUser(ada), orgId: org.id }).catch(() =>
      listUsers(db, { actor: asUser(bob), orgId: org.id }),
    );
    expect(rows.filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(rows[0]).not.toHaveProperty('passwordHash');
    await expect(listUsers(db, { actor: asUser(eve), orgId: org.id })).rejects.toMatchObject({ code: 'forbidden' });
    const audit = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.filter((e) => e.action === 'user.role_changed')).toHaveLength(1);
  });

  it('reactivating brings back mailboxes stopped by the departure, within the plan limit', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'basic' });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const eve = await createTestUser(db, { orgId: org.id });
    const older = await createTestMailbox(db, {
      orgId: org.id,
      ownerUserId: eve.id,
      connectedAt: new Date(Date.now() - 60_000),
    });
    const newer = await createTestMailbox(db, {
      orgId: org.id,
      ownerUserId: eve.id,
      status: 'disabled',
      disabledReason: 'plan_limit',
    });
    await deactivateUser(db, { userId: eve.id, actor: asUser(admin) });
    await db
      .update(mailboxes)
      .set({ status: 'disabled', disabledReason: OWNER_DEPARTED_REASON })
      .where(eq(mailboxes.id, older.id));

    const back = await reactivateUser(db, { actor: asUser(admin), userId: eve.id });
    expect(back).toMatchObject({ active: true, deactivatedAt: null });
    expect(await boxOf(older.id)).toMatchObject({ status: 'active', disabledReason: null });
    expect(await boxOf(newer.id)).toMatchObject({ status: 'disabled', disabledReason: 'plan_limit' });
    await expect(reactivateUser(db, { actor: asUser(eve), userId: admin.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('a mailbox connected for an organization belongs to its first active admin, at once or once one exists', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const connectForOrg = () =>
      connectMailbox(db, {
        orgId: org.id,
        email: randomEmail('shared'),
        imap: { host: '127.0.0.1', port: 143, security: 'none' },
        smtp: { host: '127.0.0.1', port: 25, security: 'none' },
        password: 'x',
        actor: cliActor,
        verify: acceptAll,
      });
    const early = await connectForOrg();
    expect(early.ownerUserId).toBeNull();
    await expect(
      connectMailbox(db, {
        orgId: org.id,
        email: randomEmail(),
        password: 'x',
        imap: { host: '127.0.0.1', port: 143, security: 'none' },
        smtp: { host: '127.0.0.1', port: 25, security: 'none' },
        actor: { kind: 'user', userId: early.id, orgId: org.id, role: 'admin' },
        verify: acceptAll,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const employee = await createTestUser(db, { orgId: org.id });
    expect((await boxOf(early.id)).ownerUserId).toBeNull();
    const first = await createTestUser(db, { orgId: org.id, role: 'admin' });
    await createTestUser(db, { orgId: org.id, role: 'admin' });
    expect((await boxOf(early.id)).ownerUserId).toBe(first.id);
    expect((await connectForOrg()).ownerUserId).toBe(first.id);
    expect(employee.role).toBe('employee');
    const claimed = await db.select().from(auditLog).where(eq(auditLog.targetId, early.id));
    expect(claimed.map((e) => e.action)).toEqual(['mailbox.connected', 'mailbox.owner_changed']);
  });
});
