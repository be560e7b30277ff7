import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions, organizations, users, type Organization } from '@/db/schema';
import { toPublicUser, type PublicUser } from '../users/create-user';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// Writing last_used_at on every request would turn every page view into a write; once in a while is enough.
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export type ResolvedSession = { sessionId: string; user: PublicUser; org: Organization };

/** auth_sessions.id_hash: a leaked table cannot be replayed as cookies. */
export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

export async function createSession(
  db: DbOrTx,
  options: { userId: string; orgId: string; userAgent?: string | null; ip?: string | null; now?: Date },
): Promise<{ sessionId: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(authSessions).values({
    idHash: hashSessionId(sessionId),
    userId: options.userId,
    orgId: options.orgId,
    userAgent: options.userAgent?.slice(0, 500) ?? null,
    // Shown on the sessions page so people recognise their devices; 'unknown' (no trusted address) is not kept.
    ip: options.ip && options.ip !== 'unknown' ? options.ip.slice(0, 100) : null,
    createdAt: now,
    lastUsedAt: now,
    expiresAt,
  });
  // Expired rows are useless; dropping them here keeps the table small without a separate job.
  await db.delete(authSessions).where(and(eq(authSessions.userId, options.userId), lt(authSessions.expiresAt, now)));
  return { sessionId, expiresAt };
}

/**
 * True while the user's organization requires two-factor sign-in and the user has not set it up: such a
 * session may only reach the set-up page and sign out (server/session.ts enforces it).
 */
export function isTwoFactorPending(session: Pick<ResolvedSession, 'user' | 'org'>): boolean {
  return session.org.requireTwoFactor && !session.user.totpEnabledAt;
}

/** The signed-in user behind a session id, or null when the session ended, expired or the user is inactive. */
export async function resolveSession(
  db: DbOrTx,
  options: { sessionId: string; now?: Date },
): Promise<ResolvedSession | null> {
  const now = options.now ?? new Date();
  const idHash = hashSessionId(options.sessionId);
  const [row] = await db
    .select({ session: authSessions, user: users, org: organizations })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(authSessions.idHash, idHash), gt(authSessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.session.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .update(authSessions)
      .set({
        lastUsedAt: now,
        expiresAt: sql`greatest(${authSessions.expiresAt}, ${new Date(now.getTime() + SESSION_TTL_MS)})`,
      })
      .where(eq(authSessions.idHash, idHash));
  }
  return { sessionId: options.sessionId, user: toPublicUser(row.user), org: row.org };
}

export async function endSession(db: DbOrTx, options: { sessionId: string }): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.idHash, hashSessionId(options.sessionId)));
}
