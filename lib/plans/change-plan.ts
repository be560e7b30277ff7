import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { organizations, type Organization } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { AppError } from '../errors';
import { countUnlinkedMessages } from '../retention/delete-unlinked-messages';
import { parseInput, planSchema, uuidSchema } from '../validation';
import { planCatalogue, trialEndsAt, type PlanId } from './catalogue';
import { getEffectivePlan } from './effective-plan';
import { countSharedMailboxes } from './guards';
import { usageOf, type Usage } from './limit-exceeded';
import {
  applyMailboxChanges,
  planMailboxChanges,
  type MailboxSummary,
  type OverLimitOwner,
} from './plan-mailbox-changes';

export type PlanChangeOptions = {
  orgId: string;
  plan: string;
  actor: Actor;
  keepMailboxIds?: string[];
  now?: Date;
  reason?: string;
};

export type PlanChangePreview = {
  from: PlanId;
  to: PlanId;
  mailAvailable: boolean;
  overLimit: OverLimitOwner[];
  disable: MailboxSummary[];
  reEnable: MailboxSummary[];
  /** Local messages the change deletes from Mailroom (not from the server): only when mail stops. */
  unlinkedMessagesToDelete: number;
  /** Shared mailboxes beyond the new plan's limit keep their grants; new shares are refused. */
  sharedMailboxes: Usage;
};

function resolveTarget(org: Organization, plan: PlanId, now: Date) {
  // The trial is once per organization: choosing it again keeps the original end date.
  const target = { plan, trialEndsAt: plan === 'trial' ? (org.trialEndsAt ?? trialEndsAt(now)) : org.trialEndsAt };
  return { target, effective: getEffectivePlan(target, now) };
}

async function loadOrg(db: DbOrTx, orgId: string, lock: boolean): Promise<Organization> {
  const query = db.select().from(organizations).where(eq(organizations.id, orgId));
  const [org] = lock ? await query.for('update') : await query;
  if (!org) throw new AppError('not_found', { problem: { key: 'orgs.notFound' } });
  return org;
}

async function buildPreview(
  db: DbOrTx,
  org: Organization,
  plan: PlanId,
  keepMailboxIds: string[] | undefined,
  now: Date,
): Promise<PlanChangePreview> {
  const { effective } = resolveTarget(org, plan, now);
  const changes = await planMailboxChanges(db, { orgId: org.id, limits: effective.limits, keepMailboxIds });
  const mailStops = getEffectivePlan(org, now).limits.mailAvailable && !effective.limits.mailAvailable;
  return {
    from: getEffectivePlan(org, now).planId,
    to: plan,
    mailAvailable: effective.limits.mailAvailable,
    ...changes,
    unlinkedMessagesToDelete: mailStops ? await countUnlinkedMessages(db, { orgId: org.id }) : 0,
    sharedMailboxes: usageOf(
      planCatalogue[effective.effectivePlanId].sharedMailboxes,
      await countSharedMailboxes(db, org.id),
    ),
  };
}

/** What changing to `plan` would do, for the admin to confirm (and to choose which mailboxes stay). */
export async function previewPlanChange(db: Db, options: PlanChangeOptions): Promise<PlanChangePreview> {
  const orgId = parseInput(uuidSchema, options.orgId);
  const plan = parseInput(planSchema, options.plan);
  assertOrgAdmin(options.actor, orgId);
  return buildPreview(db, await loadOrg(db, orgId, false), plan, options.keepMailboxIds, options.now ?? new Date());
}

/**
 * Changes the plan at once, with its effects on mailboxes (SPEC §2) in the same transaction. When mail stops
 * (free, or an expired trial) the caller then deletes unlinked local messages in batches
 * (`deleteUnlinkedMessages`, run as a job), which this reports as `unlinkedMessagesToDelete`.
 */
export async function changePlan(
  db: Db,
  options: PlanChangeOptions,
): Promise<PlanChangePreview & { org: Organization }> {
  const orgId = parseInput(uuidSchema, options.orgId);
  const plan = parseInput(planSchema, options.plan);
  assertOrgAdmin(options.actor, orgId);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const org = await loadOrg(tx, orgId, true);
    const preview = await buildPreview(tx, org, plan, options.keepMailboxIds, now);
    if (org.plan === plan && preview.disable.length === 0 && preview.reEnable.length === 0) return { ...preview, org };

    const { target } = resolveTarget(org, plan, now);
    const [updated] = await tx
      .update(organizations)
      .set({ plan, trialEndsAt: target.trialEndsAt, planChangedAt: now, updatedAt: now })
      .where(eq(organizations.id, orgId))
      .returning();
    await applyMailboxChanges(tx, preview, now);
    await writeAuditEntry(tx, {
      orgId,
      actor: options.actor,
      action: 'plan.changed',
      targetType: 'organization',
      targetId: orgId,
      data: {
        from: org.plan,
        to: plan,
        reason: options.reason,
        disabledMailboxes: preview.disable.map((m) => m.email),
        reEnabledMailboxes: preview.reEnable.map((m) => m.email),
        unlinkedMessagesToDelete: preview.unlinkedMessagesToDelete,
      },
    });
    for (const [action, list] of [
      ['mailbox.disabled', preview.disable],
      ['mailbox.enabled', preview.reEnable],
    ] as const) {
      for (const mailbox of list) {
        await writeAuditEntry(tx, {
          orgId,
          actor: options.actor,
          action,
          targetType: 'mailbox',
          targetId: mailbox.id,
          data: { email: mailbox.email, reason: 'plan_limit' },
        });
      }
    }
    return { ...preview, org: updated! };
  });
}
