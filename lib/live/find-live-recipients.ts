import { and, eq, exists, gt, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions, mailboxAccess, mailboxes, users } from '@/db/schema';

/** `${mailboxId} ${sessionHash}`: a signed-in tab that may receive this mailbox's events now. */
export const recipientKey = (mailboxId: string, sessionHash: string) => `${mailboxId} ${sessionHash}`;

/**
 * Which of the connected sessions may read which of the mailboxes, checked at send time: one query for every
 * tab of this process and every mailbox of a burst of events, instead of one per tab and event. The rule is
 * lib/access's `read` (mailboxReadableBy, getMailboxForActor): the owner or a grant of any level, in the
 * mailbox's organization, admins included only with a grant. The session is checked too (ended, expired, user
 * deactivated), so a revoke, a sign-out or a deactivation stops the events at once. Nothing is cached.
 */
export async function findLiveRecipients(
  db: DbOrTx,
  options: { mailboxIds: string[]; sessionHashes: string[]; now?: Date },
): Promise<Set<string>> {
  if (options.mailboxIds.length === 0 || options.sessionHashes.length === 0) return new Set();
  const granted = db
    .select({ one: mailboxAccess.id })
    .from(mailboxAccess)
    .where(and(eq(mailboxAccess.mailboxId, mailboxes.id), eq(mailboxAccess.userId, users.id)));
  const rows = await db
    .select({ mailboxId: mailboxes.id, sessionHash: authSessions.idHash })
    .from(mailboxes)
    .innerJoin(
      authSessions,
      and(inArray(authSessions.idHash, options.sessionHashes), gt(authSessions.expiresAt, options.now ?? new Date())),
    )
    .innerJoin(users, and(eq(users.id, authSessions.userId), eq(users.active, true), eq(users.orgId, mailboxes.orgId)))
    .where(and(inArray(mailboxes.id, options.mailboxIds), or(eq(mailboxes.ownerUserId, users.id), exists(granted))));
  return new Set(rows.map((r) => recipientKey(r.mailboxId, r.sessionHash)));
}
