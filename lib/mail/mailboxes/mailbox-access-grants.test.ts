import { and, asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, mailboxAccess } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { getMessage } from '../webmail/get-message';
import { listMailFolders } from '../webmail/list-mail-folders';
import { grantMailboxAccess } from './grant-mailbox-access';
import { listMailboxAccess } from './list-mailbox-access';
import { listUserMailboxes } from './list-mailboxes';
import { listOrgMailboxOverview } from './list-org-mailbox-overview';
import { revokeMailboxAccess } from './revoke-mailbox-access';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Extract<Actor, { kind: 'user' }> => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

async function team(plan = 'basic') {
  const db = getDb();
  const org = await createTestOrg(db, { plan });
  const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
  const owner = await createTestUser(db, { orgId: org.id });
  const colleague = await createTestUser(db, { orgId: org.id });
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
  return { db, org, admin, owner, colleague, mailbox };
}

// In the order they were written: without ORDER BY, PostgreSQL may return rows in any order (it did, under load).
const actions = async (orgId: string) =>
  (await getDb().select().from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(asc(auditLog.id))).map((e) => ({
    action: e.action,
    ...e.data,
  }));

describe('mailbox access grants', () => {
  afterAll(closeDb);

  it('read lets a colleague see and read the mailbox but not send; send adds sending; revoking takes it all away at once', async () => {
    const { db, org, owner, colleague, mailbox } = await team();
    const [messageId] = await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 });
    const reader = asUser(colleague);
    await expect(
      getMailboxForActor(db, { mailboxId: mailbox.id, actor: reader, permission: 'read' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await listMailFolders(db, { actor: reader })).toEqual([]);

    await grantMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: colleague.id, level: 'read' });
    const shared = await listMailFolders(db, { actor: reader });
    expect(shared.map((m) => [m.email, m.canSend])).toEqual([[mailbox.email, false]]);
    expect((await listUserMailboxes(db, { actor: reader })).map((m) => m.id)).toEqual([mailbox.id]);
    expect((await getMessage(db, { actor: reader, messageId: messageId! })).id).toBe(messageId);
    await expect(
      getMailboxForActor(db, { mailboxId: mailbox.id, actor: reader, permission: 'send' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      grantMailboxAccess(db, { actor: reader, mailboxId: mailbox.id, userId: colleague.id, level: 'manage' }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const upgraded = await grantMailboxAccess(db, {
      actor: asUser(owner),
      mailboxId: mailbox.id,
      userId: colleague.id,
      level: 'send',
    });
    expect(upgraded).toEqual({ userId: colleague.id, level: 'send', previousLevel: 'read' });
    expect((await listMailFolders(db, { actor: reader }))[0]!.canSend).toBe(true);
    await expect(
      getMailboxForActor(db, { mailboxId: mailbox.id, actor: reader, permission: 'send' }),
    ).resolves.toMatchObject({ id: mailbox.id });

    await revokeMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: colleague.id });
    expect(await listMailFolders(db, { actor: reader })).toEqual([]);
    await expect(getMessage(db, { actor: reader, messageId: messageId! })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      revokeMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: colleague.id }),
    ).rejects.toMatchObject({ code: 'not_found' });

    expect((await actions(org.id)).filter((e) => e.action.startsWith('mailbox.access'))).toEqual([
      expect.objectContaining({
        action: 'mailbox.access_granted',
        level: 'read',
        previousLevel: null,
        userEmail: colleague.email,
        self: false,
      }),
      expect.objectContaining({ action: 'mailbox.access_granted', level: 'send', previousLevel: 'read' }),
      expect.objectContaining({ action: 'mailbox.access_revoked', previousLevel: 'send', userEmail: colleague.email }),
    ]);
  });

  it('admins manage access but read only after granting themselves, which is audited; each open by a grantee is recorded once per visit', async () => {
    const { db, org, admin, owner, mailbox } = await team();
    const [messageId] = await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 });
    const asAdmin = asUser(admin);
    await expect(getMessage(db, { actor: asAdmin, messageId: messageId! })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await listMailboxAccess(db, { actor: asAdmin, mailboxId: mailbox.id })).toEqual([]);

    await grantMailboxAccess(db, { actor: asAdmin, mailboxId: mailbox.id, userId: admin.id, level: 'read' });
    await getMessage(db, { actor: asAdmin, messageId: messageId! });
    await getMessage(db, { actor: asAdmin, messageId: messageId! });
    await getMessage(db, { actor: asUser(owner), messageId: messageId! });

    const entries = await actions(org.id);
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'mailbox.access_granted', self: true, userId: admin.id }),
    );
    const opens = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, 'message.opened_shared')));
    expect(opens).toEqual([
      expect.objectContaining({
        actorUserId: admin.id,
        targetType: 'message',
        targetId: String(messageId),
        data: expect.objectContaining({ mailboxId: mailbox.id, subject: 'Test message 0' }),
      }),
    ]);
  });

  it('refuses people who may not manage the mailbox, and grantees outside the organization or inactive', async () => {
    const { db, org, admin, owner, colleague, mailbox } = await team();
    const other = await team();
    const third = await createTestUser(db, { orgId: org.id });
    await expect(
      grantMailboxAccess(db, { actor: asUser(colleague), mailboxId: mailbox.id, userId: colleague.id, level: 'read' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      grantMailboxAccess(db, {
        actor: asUser(other.admin),
        mailboxId: mailbox.id,
        userId: other.admin.id,
        level: 'read',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      grantMailboxAccess(db, {
        actor: asUser(owner),
        mailboxId: mailbox.id,
        userId: other.colleague.id,
        level: 'read',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      grantMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: owner.id, level: 'read' }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      grantMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: colleague.id, level: 'owner' }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(listMailboxAccess(db, { actor: asUser(colleague), mailboxId: mailbox.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(listOrgMailboxOverview(db, { actor: asUser(colleague), orgId: org.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(listOrgMailboxOverview(db, { actor: asUser(other.admin), orgId: org.id })).rejects.toMatchObject({
      code: 'not_found',
    });

    // A manage grantee manages access like the owner; granting the same level twice changes nothing.
    await grantMailboxAccess(db, {
      actor: asUser(admin),
      mailboxId: mailbox.id,
      userId: colleague.id,
      level: 'manage',
    });
    await grantMailboxAccess(db, { actor: asUser(colleague), mailboxId: mailbox.id, userId: third.id, level: 'read' });
    await grantMailboxAccess(db, { actor: asUser(colleague), mailboxId: mailbox.id, userId: third.id, level: 'read' });
    expect(
      (await listMailboxAccess(db, { actor: asUser(colleague), mailboxId: mailbox.id }))
        .map((g) => [g.email, g.level])
        .sort(),
    ).toEqual(
      [
        [colleague.email, 'manage'],
        [third.email, 'read'],
      ].sort(),
    );
    expect((await actions(org.id)).filter((e) => e.action === 'mailbox.access_granted')).toHaveLength(2);
    const [row] = await listOrgMailboxOverview(db, { actor: asUser(admin), orgId: org.id });
    expect(row).toMatchObject({
      email: mailbox.email,
      owner: { id: owner.id, active: true, disconnectAt: null },
      crmEnabled: false,
    });
    expect(row!.access.map((a) => a.level).sort()).toEqual(['manage', 'read']);
  });

  it('counts shared mailboxes against the plan: the trial allows 3, and two grants racing for the last place make one shared mailbox', async () => {
    const { db, org, admin, colleague } = await team('trial');
    const boxes = await Promise.all(
      Array.from({ length: 5 }, () => createTestMailbox(db, { orgId: org.id, ownerUserId: admin.id })),
    );
    for (const box of boxes.slice(0, 2))
      await grantMailboxAccess(db, { actor: asUser(admin), mailboxId: box.id, userId: colleague.id, level: 'read' });

    const race = await Promise.allSettled(
      boxes
        .slice(2, 4)
        .map((box) =>
          grantMailboxAccess(db, { actor: asUser(admin), mailboxId: box.id, userId: colleague.id, level: 'read' }),
        ),
    );
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(race.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'limit_exceeded' } });
    await expect(
      grantMailboxAccess(db, { actor: asUser(admin), mailboxId: boxes[4]!.id, userId: colleague.id, level: 'read' }),
    ).rejects.toMatchObject({
      code: 'limit_exceeded',
      userMessage: expect.stringContaining('3 shared mailboxes'),
    });
    // A mailbox that is already shared takes no new place: more people and higher levels are fine.
    const third = await createTestUser(db, { orgId: org.id });
    await grantMailboxAccess(db, { actor: asUser(admin), mailboxId: boxes[0]!.id, userId: third.id, level: 'send' });
    await grantMailboxAccess(db, {
      actor: asUser(admin),
      mailboxId: boxes[0]!.id,
      userId: colleague.id,
      level: 'manage',
    });
    const sharedIds = new Set(
      (await db.select().from(mailboxAccess).where(eq(mailboxAccess.orgId, org.id))).map((g) => g.mailboxId),
    );
    expect(sharedIds.size).toBe(3);
  });
});
