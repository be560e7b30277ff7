import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, organizations, type Organization } from '@/db/schema';
import { assertOrgAdmin, assertSameOrg } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { getEffectivePlan, type EffectivePlan } from './effective-plan';
import { countActiveMailboxesOf, countSharedMailboxes } from './guards';
import { usageOf, type Usage } from './limit-exceeded';
import { getOutgoingUsage } from './outgoing-quota';

export type PlanOverview = {
  plan: EffectivePlan;
  /** For the busiest employee: the limit is per employee. */
  mailboxesPerEmployee: Usage;
  sharedMailboxes: Usage;
  outgoingPerMonth: Usage;
  retentionDays: number | null;
  importWindowDays: number | null;
  maxAttachmentBytes: number;
};

export type UserLimits = Omit<PlanOverview, 'sharedMailboxes' | 'outgoingPerMonth'> & { mailAvailable: boolean };

async function loadOrg(db: DbOrTx, orgId: string): Promise<Organization> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new AppError('not_found', { problem: { key: 'orgs.notFound' } });
  return org;
}

/** Every limit of the organization with what is used and what remains (Settings → Plan, admins). */
export async function getPlanOverview(
  db: DbOrTx,
  options: { orgId: string; actor: Actor; now?: Date },
): Promise<PlanOverview> {
  assertOrgAdmin(options.actor, options.orgId);
  const now = options.now ?? new Date();
  const org = await loadOrg(db, options.orgId);
  const plan = getEffectivePlan(org, now);
  const [busiest] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mailboxes)
    .where(and(eq(mailboxes.orgId, org.id), eq(mailboxes.status, 'active')))
    .groupBy(mailboxes.ownerUserId)
    .orderBy(sql`count(*) desc`)
    .limit(1);
  return {
    plan,
    mailboxesPerEmployee: usageOf(plan.limits.mailboxesPerEmployee, busiest?.n ?? 0),
    sharedMailboxes: usageOf(plan.limits.sharedMailboxes, await countSharedMailboxes(db, org.id)),
    outgoingPerMonth: await getOutgoingUsage(db, { org, now }),
    retentionDays: plan.limits.retentionDays,
    importWindowDays: plan.limits.importWindowDays,
    maxAttachmentBytes: plan.limits.maxOutgoingAttachmentBytes,
  };
}

/** The limits that apply to one user (shown to employees beside their mailboxes). */
export async function getUserLimits(
  db: DbOrTx,
  options: { orgId: string; userId: string; actor: Actor; now?: Date },
): Promise<UserLimits> {
  assertSameOrg(options.actor, options.orgId);
  if (options.actor.kind === 'user' && options.actor.role !== 'admin' && options.actor.userId !== options.userId) {
    throw new AppError('not_found', { message: 'Employees see only their own limits' });
  }
  const org = await loadOrg(db, options.orgId);
  const plan = getEffectivePlan(org, options.now);
  return {
    plan,
    mailAvailable: plan.limits.mailAvailable,
    mailboxesPerEmployee: usageOf(plan.limits.mailboxesPerEmployee, await countActiveMailboxesOf(db, options.userId)),
    retentionDays: plan.limits.retentionDays,
    importWindowDays: plan.limits.importWindowDays,
    maxAttachmentBytes: plan.limits.maxOutgoingAttachmentBytes,
  };
}
