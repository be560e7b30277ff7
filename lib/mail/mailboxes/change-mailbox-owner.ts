import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, mailboxes, organizations, users } from '@/db/schema';
import { assertOrgAdmin } from '../../access/assert-org-admin';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { throwIfMailboxLimitReached } from '../../plans/guards';
import { parseInput, uuidSchema } from '../../validation';
import { toMailboxView, type MailboxView } from './mailbox-view';
import { OWNER_DEPARTED_REASON } from './owner-departure';

/**
 * Gives a mailbox a new owner (admins only): the way a departed employee's mailbox keeps working (SPEC §3). The
 * new owner's grant, if any, is dropped — owning is full access. A mailbox the departure disconnected is enabled
 * again; one that stays active or comes back must fit the new owner's per-employee limit, checked with their row
 * locked so two transfers cannot both take their last place.
 */
export async function changeMailboxOwner(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; ownerUserId: string; now?: Date },
): Promise<MailboxView> {
  const mailboxId = parseInput(uuidSchema, options.mailboxId);
  const ownerUserId = parseInput(uuidSchema, options.ownerUserId);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [mailbox] = await tx.select().from(mailboxes).where(eq(mailboxes.id, mailboxId)).for('update');
    if (!mailbox) throw new AppError('not_found', { problem: { key: 'mailbox.notFound' } });
    assertOrgAdmin(options.actor, mailbox.orgId);
    const [owner] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, ownerUserId), eq(users.orgId, mailbox.orgId)))
      .for('update');
    if (!owner?.active) throw new AppError('not_found', { problem: { key: 'mailbox.noActiveColleague' } });
    if (owner.id === mailbox.ownerUserId) return toMailboxView(mailbox);

    const comesBack = mailbox.status === 'disabled' && mailbox.disabledReason === OWNER_DEPARTED_REASON;
    if (mailbox.status === 'active' || comesBack) {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, mailbox.orgId));
      await throwIfMailboxLimitReached(tx, { org: org!, userId: owner.id, now });
    }
    const [previous] = mailbox.ownerUserId
      ? await tx.select({ email: users.email }).from(users).where(eq(users.id, mailbox.ownerUserId))
      : [];
    await tx
      .delete(mailboxAccess)
      .where(and(eq(mailboxAccess.mailboxId, mailbox.id), eq(mailboxAccess.userId, owner.id)));
    const [updated] = await tx
      .update(mailboxes)
      .set({
        ownerUserId: owner.id,
        updatedAt: now,
        ...(comesBack ? { status: 'active' as const, disabledReason: null } : {}),
      })
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.owner_changed',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: {
        email: mailbox.email,
        from: mailbox.ownerUserId,
        fromEmail: previous?.email ?? null,
        to: owner.id,
        toEmail: owner.email,
        enabledAgain: comesBack,
      },
    });
    return toMailboxView(updated!);
  });
}
