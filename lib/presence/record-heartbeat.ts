import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import type { Locale } from '../i18n/locales';

/**
 * Several tabs of one user each beat every minute; against a 2-minute online window a write per 20 s is as good
 * as one per beat and keeps presence from turning every open tab into a steady stream of row updates.
 */
export const HEARTBEAT_THROTTLE_MS = 20 * 1000;

/**
 * A visible tab of the signed-in user says "I am here" (SPEC §4 "online"). Returns whether the timestamp was
 * written; false when an earlier beat is recent enough, or the user is not an active user of the actor's
 * organization. The browser's language rides along for mail sent to the user later (users.browserLocale).
 */
export async function recordHeartbeat(
  db: DbOrTx,
  options: { userId: string; actor: Actor; now?: Date; browserLocale?: Locale },
): Promise<boolean> {
  const { actor } = options;
  // Only people have presence: no one, not even the CLI, may make another user look online.
  if (actor.kind !== 'user' || actor.userId !== options.userId) {
    throw new AppError('not_found', {
      message: `Heartbeat for user ${options.userId} refused to actor ${actor.kind === 'user' ? actor.userId : actor.kind}`,
    });
  }
  const now = options.now ?? new Date();
  const throttledUntil = new Date(now.getTime() - HEARTBEAT_THROTTLE_MS);

  // The throttle lives in the WHERE so a beat is one statement, with no read-then-write race between tabs.
  // updated_at is left alone: it records changes to the user, and presence is not one.
  const written = await db
    .update(users)
    .set({ lastSeenAt: now, ...(options.browserLocale ? { browserLocale: options.browserLocale } : {}) })
    .where(
      and(
        eq(users.id, options.userId),
        eq(users.orgId, actor.orgId),
        eq(users.active, true),
        or(
          isNull(users.lastSeenAt),
          lte(users.lastSeenAt, throttledUntil),
          // A stored time ahead of ours (another server's clock, or ours set back) must not freeze presence.
          gt(users.lastSeenAt, now),
        ),
      ),
    )
    .returning({ id: users.id });
  return written.length > 0;
}
