import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, type AccountTokenPurpose } from '@/db/schema';
import type { Actor } from '../access/actor';
import { hashPassword } from '../crypto/password';
import { AppError } from '../errors';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { replacePassword } from '../users/replace-password';
import { consumeAccountToken, getLiveAccountToken } from './account-tokens';
import { assertStrongPassword } from './password-strength';

const linkUsedUp = () => new AppError('conflict', { problem: { key: 'auth.linkExpired' } });

export type LinkTarget = { purpose: AccountTokenPurpose; email: string; name: string };

/** For the page a link opens: whose link it is and what for, or null once it no longer works. */
export async function describeAccountLink(
  db: DbOrTx,
  options: { token: string; now?: Date },
): Promise<LinkTarget | null> {
  const live = await getLiveAccountToken(db, options);
  if (!live) return null;
  const [user] = await db
    .select({ email: users.email, name: users.name, active: users.active })
    .from(users)
    .where(eq(users.id, live.userId));
  return user?.active ? { purpose: live.purpose, email: user.email, name: user.name } : null;
}

/**
 * Sets the password through an invitation or reset link. The password is checked before the link is used,
 * so a refused one leaves the link working. Then, in one transaction: the link is used up (at most once, even
 * from two tabs), the password replaced, every session of the user ended (whoever knew the old password is
 * out), the sign-in failures of the address cleared, and every other link of the user voided.
 */
export async function setPasswordWithToken(
  db: DbOrTx,
  options: { token: string; password: string; now?: Date },
): Promise<LinkTarget> {
  const now = options.now ?? new Date();
  const live = await getLiveAccountToken(db, { token: options.token, now });
  if (!live) throw linkUsedUp();
  const [user] = await db.select().from(users).where(eq(users.id, live.userId));
  if (!user) throw linkUsedUp();
  if (!user.active) throw new AppError('user_inactive');
  assertStrongPassword(options.password, { email: user.email, name: user.name });
  const passwordHash = await hashPassword(options.password);

  return db.transaction(async (tx) => {
    const used = await consumeAccountToken(tx, { token: options.token, now });
    if (!used || used.userId !== user.id) throw linkUsedUp();
    const sessionsEnded = await replacePassword(tx, { user, passwordHash, now });
    const actor: Actor = { kind: 'user', userId: user.id, orgId: user.orgId, role: user.role };
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor,
      action: used.purpose === 'invite' ? 'user.invitation_accepted' : 'user.password_reset',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email, sessionsEnded },
    });
    return { purpose: used.purpose, email: user.email, name: user.name };
  });
}
