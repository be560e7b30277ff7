import { createHmac } from 'node:crypto';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions } from '@/db/schema';
import type { Actor } from '../access/actor';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { hashSessionId } from './sessions';

export type SessionListItem = {
  /** Opaque, for the browser to name a session by (see sessionHandle); never the session id or its hash. */
  handle: string;
  createdAt: Date;
  lastUsedAt: Date;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
};

/**
 * What the sessions page names a session by: an HMAC of its id_hash under AUTH_SECRET, cut to 128 bits. The
 * id_hash itself stays on the server: it is the primary key, and a page script (or a screenshot) should not
 * hold what the database does. The handle cannot be turned back into it, and is only ever looked up among
 * the signed-in user's own sessions, so another user's handle names nothing.
 */
export function sessionHandle(idHash: string): string {
  return createHmac('sha256', getEnv().authSecret)
    .update(`mailroom:session-handle:${idHash}`)
    .digest('base64url')
    .slice(0, 22);
}

export function requireUserActor(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', { message: 'Only a signed-in user has sessions of their own' });
  return actor;
}

/** The signed-in user's own live sessions, the current one first, then the most recently used. */
export async function listSessions(
  db: DbOrTx,
  options: { actor: Actor; currentSessionId: string; now?: Date },
): Promise<SessionListItem[]> {
  const actor = requireUserActor(options.actor);
  const currentHash = hashSessionId(options.currentSessionId);
  const rows = await db
    .select()
    .from(authSessions)
    .where(and(eq(authSessions.userId, actor.userId), gt(authSessions.expiresAt, options.now ?? new Date())))
    .orderBy(desc(authSessions.lastUsedAt), desc(authSessions.createdAt));
  const items = rows.map((row) => ({
    handle: sessionHandle(row.idHash),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    userAgent: row.userAgent,
    ip: row.ip,
    current: row.idHash === currentHash,
  }));
  return [...items.filter((s) => s.current), ...items.filter((s) => !s.current)];
}
