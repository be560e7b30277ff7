import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { outgoingUsage, type Organization } from '@/db/schema';
import { getEffectivePlan } from './effective-plan';
import { throwIfMailUnavailable } from './guards';
import { limitExceeded, usageOf, type Usage } from './limit-exceeded';

export type OutgoingReservation = { orgId: string; month: string; count: number };

/** First day of the calendar month (UTC) as YYYY-MM-DD: the quota's period (SPEC §2). */
export function quotaMonth(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/**
 * Takes `count` units of this month's outgoing quota, or throws limit_exceeded. One conditional UPDATE does
 * the check and the increment, so parallel sends can never together pass the limit. Release the reservation
 * if the mail server then refuses the message.
 */
export async function reserveOutgoing(
  db: DbOrTx,
  options: { org: Pick<Organization, 'id' | 'plan' | 'trialEndsAt'>; count?: number; now?: Date },
): Promise<OutgoingReservation> {
  const now = options.now ?? new Date();
  const count = options.count ?? 1;
  throwIfMailUnavailable(options.org, now);
  const limit = getEffectivePlan(options.org, now).limits.outgoingPerMonth;
  const month = quotaMonth(now);
  await db.insert(outgoingUsage).values({ orgId: options.org.id, month, used: 0 }).onConflictDoNothing();
  const reserved = await db
    .update(outgoingUsage)
    .set({ used: sql`${outgoingUsage.used} + ${count}` })
    .where(
      and(
        eq(outgoingUsage.orgId, options.org.id),
        eq(outgoingUsage.month, month),
        sql`${outgoingUsage.used} + ${count} <= ${limit}`,
      ),
    )
    .returning({ used: outgoingUsage.used });
  if (reserved.length === 0)
    throw limitExceeded('outgoingPerMonth', await getOutgoingUsage(db, { org: options.org, now }));
  return { orgId: options.org.id, month, count };
}

/** Gives back a reservation whose message was not sent. Never below zero. */
export async function releaseOutgoing(db: DbOrTx, reservation: OutgoingReservation): Promise<void> {
  await db
    .update(outgoingUsage)
    .set({ used: sql`greatest(0, ${outgoingUsage.used} - ${reservation.count})` })
    .where(and(eq(outgoingUsage.orgId, reservation.orgId), eq(outgoingUsage.month, reservation.month)));
}

export async function getOutgoingUsage(
  db: DbOrTx,
  options: { org: Pick<Organization, 'id' | 'plan' | 'trialEndsAt'>; now?: Date },
): Promise<Usage> {
  const now = options.now ?? new Date();
  const [row] = await db
    .select({ used: outgoingUsage.used })
    .from(outgoingUsage)
    .where(and(eq(outgoingUsage.orgId, options.org.id), eq(outgoingUsage.month, quotaMonth(now))));
  return usageOf(getEffectivePlan(options.org, now).limits.outgoingPerMonth, row?.used ?? 0);
}
