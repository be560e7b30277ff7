import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { organizations, type Organization } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { AppError } from '../errors';
import { parseInput, planSchema, uuidSchema } from '../validation';
import { trialEndsAt } from './catalogue';

/**
 * Changes an organization's plan. A trial keeps the end date it already had (switching away and back does
 * not restart the 15 days); any other plan clears it.
 */
export async function setPlan(db: DbOrTx, options: { orgId: string; plan: string; actor: Actor; now?: Date }): Promise<Organization> {
  const orgId = parseInput(uuidSchema, options.orgId);
  const plan = parseInput(planSchema, options.plan);
  assertOrgAdmin(options.actor, orgId);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
    if (!org) throw new AppError('not_found', { userMessage: 'No organization with that id.' });
    if (org.plan === plan) return org;
    const [updated] = await tx
      .update(organizations)
      .set({ plan, trialEndsAt: plan === 'trial' ? (org.trialEndsAt ?? trialEndsAt(now)) : null, planChangedAt: now, updatedAt: now })
      .where(eq(organizations.id, orgId))
      .returning();
    await writeAuditEntry(tx, {
      orgId,
      actor: options.actor,
      action: 'plan.changed',
      targetType: 'organization',
      targetId: orgId,
      data: { from: org.plan, to: plan },
    });
    return updated!;
  });
}
