import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, mailboxes, users, type MailboxAccessLevel } from '@/db/schema';
import { assertOrgAdmin } from '../../access/assert-org-admin';
import type { Actor } from '../../access/actor';
import type { Problem } from '../../i18n/problem';
import { departedOwnerDisconnectAt } from './owner-departure';

export type OrgMailboxRow = {
  id: string;
  email: string;
  owner: { id: string; name: string; email: string; active: boolean; disconnectAt: Date | null } | null;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  syncState: 'idle' | 'importing' | 'syncing' | 'error';
  requiresReauth: boolean;
  lastSyncAt: Date | null;
  /** In English; lastErrorProblem is the same sentence for the table to word (storedErrorText). */
  lastError: string | null;
  lastErrorProblem: Problem | null;
  crmEnabled: boolean;
  crmRouteToManager: boolean;
  access: Array<{ userId: string; name: string; email: string; level: MailboxAccessLevel }>;
};

/**
 * Settings → Mailboxes for admins: every mailbox of the organization with its owner, state, CRM switches and who
 * has access at which level. Settings and access only — nothing of the mail itself (SPEC §1).
 */
export async function listOrgMailboxOverview(
  db: DbOrTx,
  options: { actor: Actor; orgId: string },
): Promise<OrgMailboxRow[]> {
  assertOrgAdmin(options.actor, options.orgId);
  const rows = await db
    .select({
      mailbox: mailboxes,
      owner: {
        id: users.id,
        name: users.name,
        email: users.email,
        active: users.active,
        deactivatedAt: users.deactivatedAt,
      },
    })
    .from(mailboxes)
    .leftJoin(users, eq(users.id, mailboxes.ownerUserId))
    .where(eq(mailboxes.orgId, options.orgId))
    .orderBy(asc(mailboxes.email));
  const ids = rows.map((r) => r.mailbox.id);
  const grants =
    ids.length === 0
      ? []
      : await db
          .select({
            mailboxId: mailboxAccess.mailboxId,
            userId: users.id,
            name: users.name,
            email: users.email,
            level: mailboxAccess.level,
          })
          .from(mailboxAccess)
          .innerJoin(users, eq(users.id, mailboxAccess.userId))
          .where(inArray(mailboxAccess.mailboxId, ids))
          .orderBy(asc(users.name));
  return rows.map(({ mailbox: m, owner }) => ({
    id: m.id,
    email: m.email,
    owner: owner
      ? {
          id: owner.id,
          name: owner.name,
          email: owner.email,
          active: owner.active,
          disconnectAt: !owner.active && owner.deactivatedAt ? departedOwnerDisconnectAt(owner.deactivatedAt) : null,
        }
      : null,
    status: m.status,
    disabledReason: m.disabledReason,
    syncState: m.syncState,
    requiresReauth: m.requiresReauth,
    lastSyncAt: m.lastSyncAt,
    lastError: m.lastErrorMessage,
    lastErrorProblem: m.lastErrorProblem,
    crmEnabled: m.crmEnabled,
    crmRouteToManager: m.crmRouteToManager,
    access: grants.filter((g) => g.mailboxId === m.id).map(({ mailboxId: _mailbox, ...g }) => g),
  }));
}
