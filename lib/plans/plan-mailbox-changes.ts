import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, users } from '@/db/schema';
import { AppError } from '../errors';
import type { PlanLimits } from './catalogue';

export type MailboxSummary = {
  id: string;
  email: string;
  ownerUserId: string | null;
  ownerName: string | null;
  connectedAt: Date;
  status: 'active' | 'disabled';
  disabledReason: string | null;
};
export type OverLimitOwner = {
  ownerUserId: string;
  ownerName: string;
  limit: number;
  mailboxes: MailboxSummary[];
  keep: string[];
};
export type MailboxChanges = { overLimit: OverLimitOwner[]; disable: MailboxSummary[]; reEnable: MailboxSummary[] };

/**
 * What a plan's per-employee limit does to the organization's mailboxes (SPEC §2). Over the limit: the most
 * recently connected are disabled, unless the admin chose which to keep. Under it: mailboxes the plan had
 * disabled come back, oldest first, up to the limit. A plan without mail changes nothing here: sync stops
 * because mail is unavailable, and the mailboxes resume when mail is back.
 */
export async function planMailboxChanges(
  db: DbOrTx,
  options: { orgId: string; limits: PlanLimits; keepMailboxIds?: string[] },
): Promise<MailboxChanges> {
  const changes: MailboxChanges = { overLimit: [], disable: [], reEnable: [] };
  if (!options.limits.mailAvailable) return changes;
  const limit = options.limits.mailboxesPerEmployee;
  const rows = await db
    .select({
      id: mailboxes.id,
      email: mailboxes.email,
      ownerUserId: mailboxes.ownerUserId,
      ownerName: users.name,
      connectedAt: mailboxes.connectedAt,
      status: mailboxes.status,
      disabledReason: mailboxes.disabledReason,
    })
    .from(mailboxes)
    .leftJoin(users, eq(users.id, mailboxes.ownerUserId))
    .where(eq(mailboxes.orgId, options.orgId))
    .orderBy(asc(mailboxes.connectedAt), asc(mailboxes.id));

  const byOwner = new Map<string, MailboxSummary[]>();
  for (const row of rows) {
    if (!row.ownerUserId) continue;
    byOwner.set(row.ownerUserId, [...(byOwner.get(row.ownerUserId) ?? []), row]);
  }
  const keepIds = options.keepMailboxIds ? new Set(options.keepMailboxIds) : undefined;

  for (const [ownerUserId, owned] of byOwner) {
    const active = owned.filter((m) => m.status === 'active');
    if (active.length > limit) {
      const chosen = keepIds ? active.filter((m) => keepIds.has(m.id)) : [];
      if (chosen.length > limit) {
        const name = owned[0]!.ownerName;
        throw new AppError('validation', {
          problem: name
            ? { key: 'plans.keepMailboxesFor', values: { limit, name } }
            : { key: 'plans.keepMailboxes', values: { limit } },
        });
      }
      const keep = chosen.length > 0 ? chosen : active.slice(0, limit);
      const kept = new Set(keep.map((m) => m.id));
      changes.overLimit.push({
        ownerUserId,
        ownerName: owned[0]!.ownerName ?? '',
        limit,
        mailboxes: active,
        keep: [...kept],
      });
      changes.disable.push(...active.filter((m) => !kept.has(m.id)));
    } else {
      const room = limit - active.length;
      changes.reEnable.push(
        ...owned.filter((m) => m.status === 'disabled' && m.disabledReason === 'plan_limit').slice(0, room),
      );
    }
  }
  return changes;
}

export async function applyMailboxChanges(db: DbOrTx, changes: MailboxChanges, now: Date): Promise<void> {
  const disableIds = changes.disable.map((m) => m.id);
  const enableIds = changes.reEnable.map((m) => m.id);
  if (disableIds.length > 0) {
    await db
      .update(mailboxes)
      .set({ status: 'disabled', disabledReason: 'plan_limit', updatedAt: now })
      .where(and(inArray(mailboxes.id, disableIds), eq(mailboxes.status, 'active')));
  }
  if (enableIds.length > 0) {
    await db
      .update(mailboxes)
      .set({ status: 'active', disabledReason: null, updatedAt: now })
      .where(inArray(mailboxes.id, enableIds));
  }
}
