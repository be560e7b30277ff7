import type { Organization } from '@/db/schema';
import { isPlanId, planCatalogue, type PlanId, type PlanLimits } from './catalogue';

const DAY_MS = 24 * 60 * 60 * 1000;

export type EffectivePlan = {
  planId: PlanId;
  /** What the limits come from: a trial past its end counts as free (SPEC §2). */
  effectivePlanId: PlanId;
  limits: PlanLimits;
  trialEndsAt: Date | null;
  trialExpired: boolean;
  /** Days left in a running trial, rounded up (15 right after it starts, 1 on its last day); null otherwise. */
  trialDaysLeft: number | null;
};

export function getEffectivePlan(
  org: Pick<Organization, 'plan' | 'trialEndsAt'>,
  now: Date = new Date(),
): EffectivePlan {
  const planId: PlanId = isPlanId(org.plan) ? org.plan : 'free';
  const onTrial = planId === 'trial';
  const trialExpired = onTrial && (!org.trialEndsAt || org.trialEndsAt.getTime() <= now.getTime());
  const effectivePlanId: PlanId = trialExpired ? 'free' : planId;
  return {
    planId,
    effectivePlanId,
    limits: planCatalogue[effectivePlanId],
    trialEndsAt: onTrial ? org.trialEndsAt : null,
    trialExpired,
    trialDaysLeft: onTrial && !trialExpired ? Math.ceil((org.trialEndsAt!.getTime() - now.getTime()) / DAY_MS) : null,
  };
}

/** Messages received before this are outside the import window on connect; null: no mail on this plan. */
export function importWindowStart(
  org: Pick<Organization, 'plan' | 'trialEndsAt'>,
  now: Date = new Date(),
): Date | null {
  const days = getEffectivePlan(org, now).limits.importWindowDays;
  return days === null ? null : new Date(now.getTime() - days * DAY_MS);
}

/** Local copies received before this are due for the retention purge; null: no retention (no mail). */
export function retentionCutoff(org: Pick<Organization, 'plan' | 'trialEndsAt'>, now: Date = new Date()): Date | null {
  const days = getEffectivePlan(org, now).limits.retentionDays;
  return days === null ? null : new Date(now.getTime() - days * DAY_MS);
}

/** The plan's part of "may this mailbox sync now": mail is available and the mailbox is enabled. */
export function planAllowsSync(
  org: Pick<Organization, 'plan' | 'trialEndsAt'>,
  mailbox: { status: 'active' | 'disabled' },
  now: Date = new Date(),
): boolean {
  return getEffectivePlan(org, now).limits.mailAvailable && mailbox.status === 'active';
}
