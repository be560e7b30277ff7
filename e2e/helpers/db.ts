import { getDb } from '@/db/client';
import { createTestOrg, createTestUser } from '@/test/factories';

/** A fresh organization with an admin and an employee, for one spec. */
export async function createOrgWithUsers() {
  const db = getDb();
  const org = await createTestOrg(db, { name: `E2E ${Date.now().toString(36)}` });
  const admin = await createTestUser(db, { orgId: org.id, role: 'admin', name: 'Erin Admin' });
  const employee = await createTestUser(db, { orgId: org.id, role: 'employee', name: 'Eve Employee' });
  return { org, admin, employee };
}
