import { and, countDistinct, eq, ne, or, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, mailboxes, type Organization } from '@/db/schema';
import { MAX_OUTGOING_ATTACHMENT_BYTES } from './catalogue';
import { getEffectivePlan } from './effective-plan';
import { limitExceeded, throwIfOverLimit, usageOf } from './limit-exceeded';

type OrgPlan = Pick<Organization, 'id' | 'plan' | 'trialEndsAt'>;

export function throwIfMailUnavailable(org: OrgPlan, now: Date = new Date()): void {
  if (!getEffectivePlan(org, now).limits.mailAvailable) throw limitExceeded('mail', usageOf(0, 0));
}

export async function countActiveMailboxesOf(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mailboxes)
    .where(and(eq(mailboxes.ownerUserId, userId), eq(mailboxes.status, 'active')));
  return row?.n ?? 0;
}

/** Before connecting or re-enabling a mailbox for `userId`: disabled mailboxes do not count. */
export async function throwIfMailboxLimitReached(
  db: DbOrTx,
  options: { org: OrgPlan; userId: string; now?: Date },
): Promise<void> {
  throwIfMailUnavailable(options.org, options.now);
  const { limits } = getEffectivePlan(options.org, options.now);
  throwIfOverLimit(
    'mailboxesPerEmployee',
    limits.mailboxesPerEmployee,
    await countActiveMailboxesOf(db, options.userId),
  );
}

/** A mailbox is shared when a user other than its owner has a grant on it (SPEC §2). */
export async function countSharedMailboxes(db: DbOrTx, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(mailboxAccess.mailboxId) })
    .from(mailboxAccess)
    .innerJoin(mailboxes, eq(mailboxes.id, mailboxAccess.mailboxId))
    .where(
      and(
        eq(mailboxes.orgId, orgId),
        or(isNull(mailboxes.ownerUserId), ne(mailboxAccess.userId, mailboxes.ownerUserId)),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Before granting a colleague access: only a mailbox that is not shared yet takes a new place. */
export async function throwIfSharedMailboxLimitReached(
  db: DbOrTx,
  options: { org: OrgPlan; mailboxId: string; now?: Date },
): Promise<void> {
  throwIfMailUnavailable(options.org, options.now);
  const { limits } = getEffectivePlan(options.org, options.now);
  if (limits.sharedMailboxes === null) return;
  const alreadyShared = await db
    .select({ id: mailboxAccess.id })
    .from(mailboxAccess)
    .innerJoin(mailboxes, eq(mailboxes.id, mailboxAccess.mailboxId))
    .where(
      and(
        eq(mailboxAccess.mailboxId, options.mailboxId),
        or(isNull(mailboxes.ownerUserId), ne(mailboxAccess.userId, mailboxes.ownerUserId)),
      ),
    )
    .limit(1);
  if (alreadyShared.length > 0) return;
  throwIfOverLimit('sharedMailboxes', limits.sharedMailboxes, await countSharedMailboxes(db, options.org.id));
}

/** 14.3 MB of attachments per outgoing message, on every plan. */
export function throwIfAttachmentsTooLarge(totalBytes: number): void {
  throwIfOverLimit('attachmentSize', MAX_OUTGOING_ATTACHMENT_BYTES, totalBytes, 0);
}
