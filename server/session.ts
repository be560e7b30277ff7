import { getToken } from 'next-auth/jwt';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/access/actor';
import { isTwoFactorPending, resolveSession, type ResolvedSession } from '@/lib/auth/sessions';
import { getEnv } from '@/lib/env';
import { publicUrlIsHttps } from '@/lib/public-url';

/** Where a user is sent while their organization requires two-factor sign-in and they have not set it up. */
export const TWO_FACTOR_SETUP_PATH = '/two-factor-setup';

// The session id is read from the encrypted next-auth token here, on the server; the session callback in
// server/auth.ts leaves it out of what /api/auth/session shows page scripts. Only the cookie is read (not an
// Authorization header), with the cookie name and salt next-auth used to write it.
const getSignedInSession = cache(async (): Promise<ResolvedSession | null> => {
  const cookie = (await headers()).get('cookie');
  if (!cookie) return null;
  const token = await getToken({
    req: { headers: new Headers({ cookie }) },
    secret: getEnv().authSecret,
    secureCookie: publicUrlIsHttps(),
  });
  if (!token?.sid) return null;
  return resolveSession(getDb(), { sessionId: token.sid });
});

/**
 * The signed-in user for this request (checked against the database once per request), or null — also while
 * two-factor set-up is pending, so route handlers and anything else built on this refuse such a session.
 */
export const getCurrentSession = cache(async (): Promise<ResolvedSession | null> => {
  const session = await getSignedInSession();
  return session && !isTwoFactorPending(session) ? session : null;
});

/** For pages and actions that need a user: anyone else is sent to the sign-in page (or to two-factor set-up). */
export async function requireSession(): Promise<ResolvedSession> {
  const session = await getSignedInSession();
  if (!session) redirect('/sign-in');
  if (isTwoFactorPending(session)) redirect(TWO_FACTOR_SETUP_PATH);
  return session;
}

/** Only for the two-factor set-up page and its actions: a session that must set up two-factor is accepted. */
export async function requireSessionForTwoFactorSetup(): Promise<ResolvedSession> {
  const session = await getSignedInSession();
  if (!session) redirect('/sign-in');
  return session;
}

export function actorOf(session: ResolvedSession): Extract<Actor, { kind: 'user' }> {
  return { kind: 'user', userId: session.user.id, orgId: session.org.id, role: session.user.role };
}
