import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '@/db/client';
import { cliActor } from '@/lib/access/actor';
import { createOrganization } from '@/lib/orgs/create-organization';
import { createUser } from '@/lib/users/create-user';

export const TEST_PASSWORD = 'correct horse battery staple';

export function randomEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

/** An organization of its own for one test, so tests can run in parallel without cleaning up. */
export async function createTestOrg(db: DbOrTx, options: { plan?: string; name?: string } = {}) {
  return createOrganization(db, { name: options.name ?? `Org ${randomBytes(3).toString('hex')}`, plan: options.plan ?? 'trial', actor: cliActor });
}

export async function createTestUser(db: DbOrTx, options: { orgId: string; role?: 'admin' | 'employee'; email?: string; name?: string }) {
  const user = await createUser(db, {
    orgId: options.orgId,
    email: options.email ?? randomEmail(options.role ?? 'employee'),
    name: options.name,
    password: TEST_PASSWORD,
    role: options.role ?? 'employee',
    actor: cliActor,
  });
  return { ...user, password: TEST_PASSWORD };
}
