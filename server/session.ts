import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/access/actor';
import { resolveSession, type ResolvedSession } from '@/lib/auth/sessions';
import { auth } from './auth';

/** The signed-in user for this request (checked against the database once per request), or null. */
export const getCurrentSession = cache(async (): Promise<ResolvedSession | null> => {
  const session = await auth();
  if (!session?.sid) return null;
  return resolveSession(getDb(), { sessionId: session.sid });
});

/** For pages and actions that need a user: anyone else is sent to the sign-in page. */
export async function requireSession(): Promise<ResolvedSession> {
  const session = await getCurrentSession();
  if (!session) redirect('/sign-in');
  return session;
}

export function actorOf(session: ResolvedSession): Extract<Actor, { kind: 'user' }> {
  return { kind: 'user', userId: session.user.id, orgId: session.org.id, role: session.user.role };
}
