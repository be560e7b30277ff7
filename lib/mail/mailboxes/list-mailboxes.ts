import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, type MailboxAccessLevel } from '@/db/schema';
import { grantOf, mailboxReadableBy } from '../../access/mailbox-access';
import { assertOrgAdmin } from '../../access/assert-org-admin';
import type { Actor } from '../../access/actor';
import { toMailboxView, type MailboxView } from './mailbox-view';

export type UserMailboxView = MailboxView & { access: 'owner' | MailboxAccessLevel };

/** The mailboxes a user works with: their own and those shared with them, with how they hold each. */
export async function listUserMailboxes(
  db: DbOrTx,
  options: { actor: Extract<Actor, { kind: 'user' }> },
): Promise<UserMailboxView[]> {
  const { actor } = options;
  const rows = await db
    .select({ mailbox: mailboxes, level: sql<MailboxAccessLevel | null>`(${grantOf(db, actor.userId)})` })
    .from(mailboxes)
    .where(mailboxReadableBy(db, actor))
    .orderBy(asc(mailboxes.connectedAt));
  return rows.map(({ mailbox, level }) => ({
    ...toMailboxView(mailbox),
    access: mailbox.ownerUserId === actor.userId ? 'owner' : (level ?? 'read'),
  }));
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
