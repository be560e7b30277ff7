import { asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';

export type UserRow = {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'employee';
  active: boolean;
  deactivatedAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
  mailboxes: number;
};

/** Settings → Users: everyone of the organization with what an admin decides on (never a password hash). */
export async function listUsers(db: DbOrTx, options: { actor: Actor; orgId: string }): Promise<UserRow[]> {
  assertOrgAdmin(options.actor, options.orgId);
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      deactivatedAt: users.deactivatedAt,
      lastSeenAt: users.lastSeenAt,
      createdAt: users.createdAt,
      mailboxes: count(mailboxes.id),
    })
    .from(users)
    .leftJoin(mailboxes, eq(mailboxes.ownerUserId, users.id))
    .where(eq(users.orgId, options.orgId))
    .groupBy(users.id)
    .orderBy(asc(users.active), asc(users.name));
}
