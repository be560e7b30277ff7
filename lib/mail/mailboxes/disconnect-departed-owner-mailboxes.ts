import { and, eq, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, users } from '@/db/schema';
import { systemActor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { DEPARTED_OWNER_GRACE_DAYS, OWNER_DEPARTED_REASON } from './owner-departure';

/**
 * The end of a departed employee's grace period: mailboxes still owned by someone deactivated more than 30 days
 * ago stop syncing and sending. Nothing is deleted (retention still applies); an admin who gives such a mailbox
 * a new owner brings it back. Runs on a schedule (lib/jobs) and is idempotent.
 */
export async function disconnectDepartedOwnerMailboxes(
  db: DbOrTx,
  options: { now?: Date } = {},
): Promise<Array<{ id: string; email: string }>> {
  const now = options.now ?? new Date();
  const deadline = new Date(now.getTime() - DEPARTED_OWNER_GRACE_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: mailboxes.id,
        orgId: mailboxes.orgId,
        email: mailboxes.email,
        ownerEmail: users.email,
        deactivatedAt: users.deactivatedAt,
      })
      .from(mailboxes)
      .innerJoin(users, eq(users.id, mailboxes.ownerUserId))
      .where(and(eq(users.active, false), lte(users.deactivatedAt, deadline), eq(mailboxes.status, 'active')))
      .for('update', { of: mailboxes, skipLocked: true });
    if (due.length === 0) return [];
    await tx
      .update(mailboxes)
      .set({ status: 'disabled', disabledReason: OWNER_DEPARTED_REASON, updatedAt: now })
      .where(
        inArray(
          mailboxes.id,
          due.map((m) => m.id),
        ),
      );
    for (const mailbox of due) {
      await writeAuditEntry(tx, {
        orgId: mailbox.orgId,
        actor: systemActor,
        action: 'mailbox.owner_departed_disconnected',
        targetType: 'mailbox',
        targetId: mailbox.id,
        data: {
          email: mailbox.email,
          owner: mailbox.ownerEmail,
          ownerDeactivatedAt: mailbox.deactivatedAt?.toISOString() ?? null,
        },
      });
    }
    return due.map(({ id, email }) => ({ id, email }));
  });
}
