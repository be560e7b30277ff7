import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accountTokens, users, type AccountTokenPurpose } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';

/** How long a one-time link works: an invitation a week, a password reset an hour. */
export const ACCOUNT_TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  invite: 7 * 24 * 60 * 60 * 1000,
  reset: 60 * 60 * 1000,
};

// Only the hash is stored: a leaked database dump cannot be replayed as links.
export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Tokens are 32 random bytes in base64url (43 characters); anything else cannot match and is not looked up.
const isTokenShaped = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** The path of the page a link opens; the mail or the admin puts the base URL in front. */
export const accountTokenPath = (token: string) => `/set-password/${token}`;

/**
 * A new one-time link for a user. Older unused links of the same purpose stop working, so "resend" leaves
 * exactly one valid link. The user's row is locked, so two resends at once cannot leave two valid links.
 */
export async function issueAccountToken(
  db: DbOrTx,
  options: { userId: string; orgId: string; purpose: AccountTokenPurpose; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ACCOUNT_TOKEN_LIFETIME_MS[options.purpose]);
  await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, options.userId)).for('update');
    await tx
      .delete(accountTokens)
      .where(
        and(
          eq(accountTokens.userId, options.userId),
          eq(accountTokens.purpose, options.purpose),
          isNull(accountTokens.usedAt),
        ),
      );
    await tx.insert(accountTokens).values({
      orgId: options.orgId,
      userId: options.userId,
      purpose: options.purpose,
      tokenHash: hashAccountToken(token),
      expiresAt,
      createdAt: now,
    });
  });
  return { token, expiresAt };
}

export type LiveAccountToken = { userId: string; orgId: string; purpose: AccountTokenPurpose; expiresAt: Date };

/** What a link is for, while it still works (for the page that opens it); consuming is a separate step. */
export async function getLiveAccountToken(
  db: DbOrTx,
  options: { token: string; now?: Date },
): Promise<LiveAccountToken | null> {
  if (!isTokenShaped(options.token)) return null;
  const [row] = await db
    .select({
      userId: accountTokens.userId,
      orgId: accountTokens.orgId,
      purpose: accountTokens.purpose,
      expiresAt: accountTokens.expiresAt,
    })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tokenHash, hashAccountToken(options.token)),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, options.now ?? new Date()),
      ),
    );
  return row ?? null;
}

/**
 * Uses a link up, once: a single conditional UPDATE, so a double click or two tabs cannot both get past it.
 * Null when the link is unknown, used or expired. Run it in the transaction that acts on it, so a failure
 * after it leaves the link usable.
 */
export async function consumeAccountToken(
  db: DbOrTx,
  options: { token: string; now?: Date },
): Promise<LiveAccountToken | null> {
  if (!isTokenShaped(options.token)) return null;
  const now = options.now ?? new Date();
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, hashAccountToken(options.token)),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning({
      userId: accountTokens.userId,
      orgId: accountTokens.orgId,
      purpose: accountTokens.purpose,
      expiresAt: accountTokens.expiresAt,
    });
  return row ?? null;
}

/** Once a password is set, every other link of the user is void (an old invitation, an earlier reset). */
export async function voidAccountTokens(db: DbOrTx, options: { userId: string }): Promise<void> {
  await db.delete(accountTokens).where(and(eq(accountTokens.userId, options.userId), isNull(accountTokens.usedAt)));
}

/** Users of an organization with an invitation not yet accepted, and when their newest link expires (admins). */
export async function listPendingInvitations(
  db: DbOrTx,
  options: { actor: Actor; orgId: string },
): Promise<Map<string, Date>> {
  assertOrgAdmin(options.actor, options.orgId);
  const rows = await db
    .select({
      userId: accountTokens.userId,
      expiresAt: sql<Date>`max(${accountTokens.expiresAt})`.mapWith(accountTokens.expiresAt),
    })
    .from(accountTokens)
    .where(
      and(eq(accountTokens.orgId, options.orgId), eq(accountTokens.purpose, 'invite'), isNull(accountTokens.usedAt)),
    )
    .groupBy(accountTokens.userId);
  return new Map(rows.map((row) => [row.userId, row.expiresAt]));
}
