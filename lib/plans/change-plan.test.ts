import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, mailboxes } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import { cliActor, type Actor } from '../access/actor';
import { changePlan, previewPlanChange } from './change-plan';
import { planAllowsSync } from './effective-plan';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function statusOf(ids: string[]) {
  const db = getDb();
  const rows = await Promise.all(
    ids.map(async (id) => (await db.select().from(mailboxes).where(eq(mailboxes.id, id)))[0]!),
  );
  return rows.map((m) => m.status);
}

describe('changing the plan', () => {
  afterAll(closeDb);

  async function orgWithMailboxes() {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const employee = await createTestUser(db, { orgId: org.id });
    const boxes = [];
    for (const age of [30, 20, 10])
      boxes.push(
        await createTestMailbox(db, { orgId: org.id, ownerUserId: employee.id, connectedAt: minutesAgo(age) }),
      );
    const adminBox = await createTestMailbox(db, { orgId: org.id, ownerUserId: admin.id });
    const actor: Actor = { kind: 'user', userId: admin.id, orgId: org.id, role: 'admin' };
    return { org, admin, employee, boxes, adminBox, actor };
  }

  it('previews, then on downgrade disables the most recently connected mailboxes; data and audit kept', async () => {
    const db = getDb();
    const { org, boxes, adminBox, actor } = await orgWithMailboxes();
    const preview = await previewPlanChange(db, { orgId: org.id, plan: 'basic', actor });
    expect(preview.disable.map((m) => m.id)).toEqual([boxes[1]!.id, boxes[2]!.id]);
    expect(preview.overLimit).toHaveLength(1);
    expect(preview.overLimit[0]!.keep).toEqual([boxes[0]!.id]);
    expect(await statusOf(boxes.map((b) => b.id))).toEqual(['active', 'active', 'active']);

    const result = await changePlan(db, { orgId: org.id, plan: 'basic', actor });
    expect(result.org.plan).toBe('basic');
    expect(await statusOf([...boxes.map((b) => b.id), adminBox.id])).toEqual([
      'active',
      'disabled',
      'disabled',
      'active',
    ]);
    const [disabled] = await db.select().from(mailboxes).where(eq(mailboxes.id, boxes[2]!.id));
    expect(planAllowsSync(result.org, disabled!)).toBe(false);

    const audit = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.find((e) => e.action === 'plan.changed')?.data).toMatchObject({
      from: 'standard',
      to: 'basic',
      disabledMailboxes: [boxes[1]!.email, boxes[2]!.email],
    });
    expect(
      audit
        .filter((e) => e.action === 'mailbox.disabled')
        .map((e) => e.targetId)
        .sort(),
    ).toEqual([boxes[1]!.id, boxes[2]!.id].sort());
  });

  it('lets the admin choose which mailbox stays, but not more than the limit', async () => {
    const db = getDb();
    const { org, boxes, actor } = await orgWithMailboxes();
    await expect(
      changePlan(db, { orgId: org.id, plan: 'basic', actor, keepMailboxIds: [boxes[0]!.id, boxes[2]!.id] }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
    await changePlan(db, { orgId: org.id, plan: 'basic', actor, keepMailboxIds: [boxes[2]!.id] });
    expect(await statusOf(boxes.map((b) => b.id))).toEqual(['disabled', 'disabled', 'active']);
  });

  it('on upgrade re-enables what the plan disabled, up to the new limit, and leaves other disabled mailboxes alone', async () => {
    const db = getDb();
    const { org, employee, boxes, actor } = await orgWithMailboxes();
    const byAdmin = await createTestMailbox(db, {
      orgId: org.id,
      ownerUserId: employee.id,
      status: 'disabled',
      disabledReason: 'admin',
    });
    await changePlan(db, { orgId: org.id, plan: 'basic', actor });
    const upgraded = await changePlan(db, { orgId: org.id, plan: 'standard', actor });
    expect(upgraded.reEnable.map((m) => m.id).sort()).toEqual([boxes[1]!.id, boxes[2]!.id].sort());
    expect(await statusOf([...boxes.map((b) => b.id), byAdmin.id])).toEqual(['active', 'active', 'active', 'disabled']);
  });

  it('is for admins of the organization only', async () => {
    const db = getDb();
    const { org, employee } = await orgWithMailboxes();
    const other = await createTestOrg(db);
    const outsider = await createTestUser(db, { orgId: other.id, role: 'admin' });
    await expect(
      changePlan(db, {
        orgId: org.id,
        plan: 'professional',
        actor: { kind: 'user', userId: employee.id, orgId: org.id, role: 'employee' },
      }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      previewPlanChange(db, {
        orgId: org.id,
        plan: 'professional',
        actor: { kind: 'user', userId: outsider.id, orgId: other.id, role: 'admin' },
      }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, 'plan.changed')));
    expect(rows).toHaveLength(0);
  });

  it('keeps the original trial end when the trial is chosen again', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'trial' });
    await changePlan(db, { orgId: org.id, plan: 'basic', actor: cliActor });
    const back = await changePlan(db, {
      orgId: org.id,
      plan: 'trial',
      actor: cliActor,
      now: new Date(org.trialEndsAt!.getTime() + 86_400_000),
    });
    expect(back.org.trialEndsAt?.toISOString()).toBe(org.trialEndsAt!.toISOString());
    expect(back.mailAvailable).toBe(false);
  });
});
