import { and, asc, eq, lte } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, users } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { departedOwnerDisconnectAt, DEPARTED_OWNER_GRACE_DAYS, DEPARTED_OWNER_NOTICE_DAYS } from './owner-departure';

export type DepartedOwnerNotice = { mailboxId: string; email: string; ownerName: string; ownerEmail: string; disconnectAt: Date };

/**
 * What admins are told in the app: mailboxes of deactivated employees that will be disconnected within the
 * next 7 days (SPEC §3). It is read on each page load rather than stored, so it disappears by itself when the
 * mailbox gets a new owner, the employee comes back, or the mailbox is removed. Employees get nothing.
 */
export async function departedOwnerNotices(db: DbOrTx, options: { actor: Actor; now?: Date }): Promise<DepartedOwnerNotice[]> {
  const { actor } = options;
  if (actor.kind !== 'user' || actor.role !== 'admin') return [];
  const now = options.now ?? new Date();
  // Deactivated at or before this instant: the 30-day end is at most 7 days away.
  const noticeFrom = new Date(now.getTime() - (DEPARTED_OWNER_GRACE_DAYS - DEPARTED_OWNER_NOTICE_DAYS) * 86_400_000);
  const rows = await db
    .select({ mailboxId: mailboxes.id, email: mailboxes.email, ownerName: users.name, ownerEmail: users.email, deactivatedAt: users.deactivatedAt })
    .from(mailboxes)
    .innerJoin(users, eq(users.id, mailboxes.ownerUserId))
    .where(and(eq(mailboxes.orgId, actor.orgId), eq(mailboxes.status, 'active'), eq(users.active, false), lte(users.deactivatedAt, noticeFrom)))
    .orderBy(asc(users.deactivatedAt), asc(mailboxes.email));
  // lte() excludes null, so every row has its date.
  return rows.map(({ deactivatedAt, ...row }) => ({ ...row, disconnectAt: departedOwnerDisconnectAt(deactivatedAt!) }));
}
