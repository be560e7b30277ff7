import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { fieldError } from '../validation';

/**
 * The IANA zone for a name a browser reported (Intl.DateTimeFormat().resolvedOptions().timeZone), in its
 * canonical spelling, or null when it is none. The runtime's own time zone data decides: a zone it cannot
 * format in is useless to us anyway. Offsets ("+02:00", which newer engines accept too) are refused: they
 * know no daylight saving time, so dates half the year away would be an hour off.
 */
export function canonicalTimeZone(value: string | null | undefined): string | null {
  if (!value || value.length > 64) return null;
  try {
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    return /^[A-Za-z]/.test(zone) ? zone : null;
  } catch {
    return null;
  }
}

/**
 * Stores the zone the signed-in user's browser reports, sent along with the presence heartbeat; dates the
 * server renders for this user use it from the next request on (i18n/request.ts). Writes only when it
 * changed, so the beat of every minute costs no row update. Returns whether it was written.
 */
export async function setTimeZone(
  db: DbOrTx,
  options: { userId: string; timeZone: string; actor: Actor },
): Promise<boolean> {
  const { actor } = options;
  // Only the user's own browser knows where they are: nobody else may set it.
  if (actor.kind !== 'user' || actor.userId !== options.userId) {
    throw new AppError('not_found', { message: `Time zone of user ${options.userId} refused to actor ${actor.kind}` });
  }
  const timeZone = canonicalTimeZone(options.timeZone);
  if (!timeZone) {
    throw fieldError('timeZone', { key: 'users.timeZoneUnknown' });
  }
  const written = await db
    .update(users)
    .set({ timeZone })
    .where(
      and(
        eq(users.id, options.userId),
        eq(users.orgId, actor.orgId),
        or(isNull(users.timeZone), ne(users.timeZone, timeZone)),
      ),
    )
    .returning({ id: users.id });
  return written.length > 0;
}
