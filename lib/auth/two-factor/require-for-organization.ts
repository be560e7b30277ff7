import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { organizations, users } from '@/db/schema';
import { assertOrgAdmin } from '../../access/assert-org-admin';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { parseInput, uuidSchema } from '../../validation';

/**
 * Admins require two-factor sign-in for everyone in the organization (or stop requiring it). Members who have
 * not set it up are sent to set it up at their next request and can do nothing else until they have.
 */
export async function setOrgTwoFactorRequirement(
  db: DbOrTx,
  options: { orgId: string; required: boolean; actor: Actor },
): Promise<void> {
  const orgId = parseInput(uuidSchema, options.orgId);
  assertOrgAdmin(options.actor, orgId);
  if (options.required && options.actor.kind === 'user') {
    // Otherwise the admin's own next click would land on the set-up page, surprised.
    const [admin] = await db
      .select({ totpEnabledAt: users.totpEnabledAt })
      .from(users)
      .where(eq(users.id, options.actor.userId));
    if (!admin?.totpEnabledAt) throw new AppError('conflict', { problem: { key: 'auth.twoFactorSelfFirst' } });
  }
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(organizations)
      .set({ requireTwoFactor: options.required, updatedAt: new Date() })
      .where(eq(organizations.id, orgId))
      .returning({ id: organizations.id });
    if (updated.length === 0) throw new AppError('not_found', { problem: { key: 'orgs.notFound' } });
    await writeAuditEntry(tx, {
      orgId,
      actor: options.actor,
      action: 'organization.two_factor_required',
      targetType: 'organization',
      targetId: orgId,
      data: { required: options.required },
    });
  });
}
