import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import type { Organization } from '@/db/schema';
import { systemActor } from '../access/actor';
import { assertStrongPassword } from '../auth/password-strength';
import { AppError } from '../errors';
import { createOrganization } from '../orgs/create-organization';
import { createUser, type PublicUser } from '../users/create-user';
import { emailSchema, orgNameSchema, parseInput, passwordSchema, personNameSchema, planSchema } from '../validation';
import { isSetupNeeded } from './is-setup-needed';

const SETUP_LOCK_KEY = 727_002;

export const setupSchema = z.object({
  orgName: orgNameSchema,
  plan: planSchema.default('trial'),
  adminName: personNameSchema,
  adminEmail: emailSchema,
  password: passwordSchema,
});

/**
 * First-run setup: the organization and its first admin, in one transaction. Only possible while the
 * instance has no user; two browsers submitting at once get one organization, and the other an error.
 */
export async function completeSetup(
  db: Db,
  options: z.input<typeof setupSchema> & { now?: Date },
): Promise<{ org: Organization; admin: PublicUser }> {
  const input = parseInput(setupSchema, options);
  // Checked before the lock is taken (createUser checks again): a refused password keeps nobody waiting.
  assertStrongPassword(input.password, { email: input.adminEmail, name: input.adminName });
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    if (!(await isSetupNeeded(tx))) throw new AppError('setup_complete');
    const org = await createOrganization(tx, {
      name: input.orgName,
      plan: input.plan,
      actor: systemActor,
      now: options.now,
    });
    const admin = await createUser(tx, {
      orgId: org.id,
      email: input.adminEmail,
      name: input.adminName,
      password: input.password,
      role: 'admin',
      actor: systemActor,
    });
    return { org, admin };
  });
}
