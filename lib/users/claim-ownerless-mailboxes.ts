import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, organizations, users } from '@/db/schema';
import { systemActor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { countActiveMailboxesOf } from '../plans/guards';
import { getEffectivePlan } from '../plans/effective-plan';

/**
 * A mailbox connected for the organization before anyone could own it (CLI `mailbox:add --org`) belongs to
 * the first active admin (SPEC §3). Called, in the caller's transaction, whenever an organization may have
 * gained its first active admin. One that would put the admin over the per-employee limit is still theirs
 * but disabled (plan_limit): nothing is lost, and the admin chooses.
 */
export async function claimOwnerlessMailboxes(db: DbOrTx, options: { orgId: string; now?: Date }): Promise<number> {
  const ownerless = await db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.orgId, options.orgId), isNull(mailboxes.ownerUserId)))
    .orderBy(asc(mailboxes.connectedAt))
    .for('update');
  if (ownerless.length === 0) return 0;
  const [admin] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, options.orgId), eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  if (!admin) return 0;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, options.orgId));
  const limit = getEffectivePlan(org!, options.now ?? new Date()).limits.mailboxesPerEmployee;
  let active = await countActiveMailboxesOf(db, admin.id);
  for (const mailbox of ownerless) {
    const fits = mailbox.status !== 'active' || active < limit;
    if (mailbox.status === 'active' && fits) active += 1;
    await db
      .update(mailboxes)
      .set({
        ownerUserId: admin.id,
        updatedAt: new Date(),
        ...(fits ? {} : { status: 'disabled' as const, disabledReason: 'plan_limit' }),
      })
      .where(eq(mailboxes.id, mailbox.id));
    await writeAuditEntry(db, {
      orgId: options.orgId,
      actor: systemActor,
      action: 'mailbox.owner_changed',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: {
        email: mailbox.email,
        from: null,
        to: admin.id,
        toEmail: admin.email,
        reason: 'first_admin',
        disabledForPlan: !fits,
      },
    });
  }
  return ownerless.length;
}
