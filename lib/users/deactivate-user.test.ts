import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { deactivateUser } from './deactivate-user';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

describe('deactivating a user', () => {
  afterAll(closeDb);

  it('lets an admin deactivate a colleague, audited, and is idempotent', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const employee = await createTestUser(db, { orgId: org.id });
    const result = await deactivateUser(db, { userId: employee.id, actor: asUser(admin) });
    expect(result.active).toBe(false);
    expect((await deactivateUser(db, { userId: employee.id, actor: asUser(admin) })).active).toBe(false);
    const entries = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(entries.filter((e) => e.action === 'user.deactivated')).toEqual([
      expect.objectContaining({ actorKind: 'user', actorUserId: admin.id, targetId: employee.id }),
    ]);
  });

  it('refuses employees, hides other organizations, and keeps the last admin', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const employee = await createTestUser(db, { orgId: org.id });
    const otherOrg = await createTestOrg(db);
    const outsider = await createTestUser(db, { orgId: otherOrg.id, role: 'admin' });

    await expect(deactivateUser(db, { userId: admin.id, actor: asUser(employee) })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(deactivateUser(db, { userId: employee.id, actor: asUser(outsider) })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(deactivateUser(db, { userId: admin.id, actor: asUser(admin) })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      deactivateUser(db, { userId: '00000000-0000-4000-8000-000000000000', actor: asUser(admin) }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('two admins deactivating each other at the same moment leave one of them in charge', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const ada = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const bob = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const results = await Promise.allSettled([
      deactivateUser(db, { userId: bob.id, actor: asUser(ada) }),
      deactivateUser(db, { userId: ada.id, actor: asUser(bob) }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
  });
});
