import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, organizations, users } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { throwIfMailboxLimitReached } from '../../plans/guards';
import { toMailboxView, type MailboxView } from './mailbox-view';
import { OWNER_DEPARTED_REASON } from './owner-departure';

/**
 * Disables a mailbox (no sync, no sending; its mail stays readable and retention applies) or enables it again.
 * Enabling takes a place of the owner's per-employee limit, checked with the owner row locked so two enables
 * cannot both take the last one. A mailbox stopped because its owner left needs a new owner instead.
 */
export async function setMailboxEnabled(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; enabled: boolean; now?: Date },
): Promise<MailboxView> {
  return db.transaction(async (tx) => {
    const mailbox = await getMailboxForActor(tx, {
      mailboxId: options.mailboxId,
      actor: options.actor,
      permission: 'manage',
    });
    if ((mailbox.status === 'active') === options.enabled) return toMailboxView(mailbox);
    if (options.enabled) {
      if (mailbox.disabledReason === OWNER_DEPARTED_REASON || !mailbox.ownerUserId) {
        throw new AppError('conflict', { problem: { key: 'mailbox.ownerLeft' } });
      }
      await tx.select({ id: users.id }).from(users).where(eq(users.id, mailbox.ownerUserId)).for('update');
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, mailbox.orgId));
      await throwIfMailboxLimitReached(tx, { org: org!, userId: mailbox.ownerUserId, now: options.now });
    }
    const [updated] = await tx
      .update(mailboxes)
      .set(
        options.enabled
          ? { status: 'active', disabledReason: null, updatedAt: new Date() }
          : { status: 'disabled', disabledReason: 'admin', updatedAt: new Date() },
      )
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: options.enabled ? 'mailbox.enabled' : 'mailbox.disabled',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: { email: mailbox.email },
    });
    return toMailboxView(updated!);
  });
}
