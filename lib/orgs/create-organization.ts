import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { organizations, type Organization } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { trialEndsAt } from '../plans/catalogue';
import { orgNameSchema, parseInput, planSchema } from '../validation';

const createOrganizationSchema = z.object({ name: orgNameSchema, plan: planSchema.default('trial') });

/** Creates an organization; a trial's 15 days count from `now`. Run inside a transaction with what follows. */
export async function createOrganization(
  db: DbOrTx,
  options: { name: string; plan?: string; actor: Actor; now?: Date },
): Promise<Organization> {
  if (options.actor.kind === 'user') {
    throw new AppError('forbidden', { message: 'Users cannot create organizations; the instance operator can (CLI).' });
  }
  const input = parseInput(createOrganizationSchema, options);
  const now = options.now ?? new Date();
  const [org] = await db
    .insert(organizations)
    .values({
      name: input.name,
      plan: input.plan,
      trialEndsAt: input.plan === 'trial' ? trialEndsAt(now) : null,
      planChangedAt: now,
    })
    .returning();
  await writeAuditEntry(db, {
    orgId: org!.id,
    actor: options.actor,
    action: 'organization.created',
    targetType: 'organization',
    targetId: org!.id,
    data: { name: input.name, plan: input.plan },
  });
  return org!;
}
