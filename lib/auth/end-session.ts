import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { requireUserActor, sessionHandle } from './list-sessions';
import { hashSessionId } from './sessions';

/**
 * The signed-in user signs out one of their own sessions, named by its handle from the sessions page. Only
 * the user's own sessions are searched, so another user's handle (or a made-up one) is "not found", like a
 * session that has already ended. Ending the current session this way is refused: that is "Sign out".
 */
export async function endOwnSession(
  db: DbOrTx,
  options: { actor: Actor; handle: string; currentSessionId: string },
): Promise<void> {
  const actor = requireUserActor(options.actor);
  const own = await db
    .select({ idHash: authSessions.idHash })
    .from(authSessions)
    .where(eq(authSessions.userId, actor.userId));
  const target = own.find((row) => sessionHandle(row.idHash) === options.handle);
  if (!target) throw new AppError('not_found', { problem: { key: 'auth.sessionEnded' } });
  if (target.idHash === hashSessionId(options.currentSessionId)) {
    throw new AppError('validation', { problem: { key: 'auth.currentSession' } });
  }
  await db
    .delete(authSessions)
    .where(and(eq(authSessions.idHash, target.idHash), eq(authSessions.userId, actor.userId)));
}

/** "Sign out all other sessions": every session of the signed-in user but the current one. Returns how many ended. */
export async function endOtherSessions(
  db: DbOrTx,
  options: { actor: Actor; currentSessionId: string },
): Promise<number> {
  const actor = requireUserActor(options.actor);
  const ended = await db
    .delete(authSessions)
    .where(and(eq(authSessions.userId, actor.userId), ne(authSessions.idHash, hashSessionId(options.currentSessionId))))
    .returning({ idHash: authSessions.idHash });
  return ended.length;
}
