import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/access/actor';
import { isTwoFactorPending, type ResolvedSession } from '@/lib/auth/sessions';
import { AppError } from '@/lib/errors';
import { sessionOfCookie } from './session-token';

/** Where a user is sent while their organization requires two-factor sign-in and they have not set it up. */
export const TWO_FACTOR_SETUP_PATH = '/two-factor-setup';
/** Where a user who signed in with an admin's temporary password chooses their own, before anything else. */
export const PASSWORD_CHANGE_PATH = '/change-password';
/** details.reason of the 403 that routes and actions answer until that is done. */
export const PASSWORD_CHANGE_REQUIRED = 'password_change_required';

// The session id is read from the encrypted next-auth token here, on the server; the session callback in
// server/auth.ts leaves it out of what /api/auth/session shows page scripts. Only the cookie is read (not an
// Authorization header), with the cookie name and salt next-auth used to write it (session-token.ts).
const getSignedInSession = cache(async (): Promise<ResolvedSession | null> => {
  const cookie = (await headers()).get('cookie');
  return cookie ? sessionOfCookie(getDb(), cookie) : null;
});

/**
 * The signed-in user for this request (checked against the database once per request), or null — also while
 * two-factor set-up is pending, so route handlers and anything else built on this refuse such a session. A
 * session that must first replace a temporary password is returned: route handlers refuse it with a 403 that
 * says so (assertPasswordChosen), pages send it to PASSWORD_CHANGE_PATH.
 */
export const getCurrentSession = cache(async (): Promise<ResolvedSession | null> => {
  const session = await getSignedInSession();
  return session && !isTwoFactorPending(session) ? session : null;
});

/** A 403 naming the reason, for route handlers and actions reached before a temporary password is replaced. */
export function assertPasswordChosen(session: ResolvedSession): void {
  if (!session.user.mustChangePassword) return;
  throw new AppError('forbidden', {
    message: `User ${session.user.id} must replace a temporary password first`,
    problem: { key: 'auth.passwordChangeRequired' },
    details: { reason: PASSWORD_CHANGE_REQUIRED, location: PASSWORD_CHANGE_PATH },
  });
}

/**
 * For pages and actions that need a user: anyone else is sent to the sign-in page, or to choose a new password
 * or set up two-factor first (in that order). Actions pass `refuseGated` to be refused with assertPasswordChosen's
 * 403 instead of a redirect.
 */
export async function requireSession(options: { refuseGated?: boolean } = {}): Promise<ResolvedSession> {
  const session = await getSignedInSession();
  if (!session) redirect('/sign-in');
  if (options.refuseGated) assertPasswordChosen(session);
  if (session.user.mustChangePassword) redirect(PASSWORD_CHANGE_PATH);
  if (isTwoFactorPending(session)) redirect(TWO_FACTOR_SETUP_PATH);
  return session;
}

/** Only for the two-factor set-up page and its actions: a session that must set up two-factor is accepted. */
export async function requireSessionForTwoFactorSetup(): Promise<ResolvedSession> {
  const session = await getSignedInSession();
  if (!session) redirect('/sign-in');
  if (session.user.mustChangePassword) redirect(PASSWORD_CHANGE_PATH);
  return session;
}

/** Only for the forced password change page and its action: a session with a temporary password is accepted. */
export async function requireSessionForPasswordChange(): Promise<ResolvedSession> {
  const session = await getSignedInSession();
  if (!session) redirect('/sign-in');
  return session;
}

export function actorOf(session: ResolvedSession): Extract<Actor, { kind: 'user' }> {
  return { kind: 'user', userId: session.user.id, orgId: session.org.id, role: session.user.role };
}
