import { and, asc, eq, exists, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, mailboxes } from '@/db/schema';
import { assertOrgAdmin } from '../../access/assert-org-admin';
import type { Actor } from '../../access/actor';
import { toMailboxView, type MailboxView } from './mailbox-view';

/** The mailboxes a user works with: their own and those shared with them. */
export async function listUserMailboxes(db: DbOrTx, options: { actor: Extract<Actor, { kind: 'user' }> }): Promise<MailboxView[]> {
  const { actor } = options;
  const granted = exists(db.select({ one: mailboxAccess.id }).from(mailboxAccess).where(and(eq(mailboxAccess.mailboxId, mailboxes.id), eq(mailboxAccess.userId, actor.userId))));
  const rows = await db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.orgId, actor.orgId), or(eq(mailboxes.ownerUserId, actor.userId), granted)))
    .orderBy(asc(mailboxes.connectedAt));
  return rows.map(toMailboxView);
}

/** Every mailbox of an organization (admins and the CLI). */
export async function listOrgMailboxes(db: DbOrTx, options: { orgId?: string; actor: Actor }): Promise<MailboxView[]> {
  // A user only ever lists their own organization; the CLI may list all of them.
  const orgId = options.orgId ?? (options.actor.kind === 'user' ? options.actor.orgId : undefined);
  if (orgId) assertOrgAdmin(options.actor, orgId);
  const rows = await db
    .select()
    .from(mailboxes)
    .where(orgId ? eq(mailboxes.orgId, orgId) : undefined)
    .orderBy(asc(mailboxes.orgId), asc(mailboxes.connectedAt));
  return rows.map(toMailboxView);
}
