import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { signInFailures } from '@/db/schema';
import { AppError } from '../errors';

// Guessing a password is slowed to 5 tries per account and 30 per address every 15 minutes. Counted before
// the password is checked, so a locked account does not reveal whether a guess was right. A browser with a
// valid device cookie for the account (lib/auth/device-cookie) has its own 5 tries; strangers share theirs.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;
export const UNKNOWN_IP = 'unknown';

/** Failures counted against one sign-in: the known device's own, or (device null) all strangers' together. */
function accountBucket(email: string, device: string | null) {
  return and(
    eq(signInFailures.email, email),
    device ? eq(signInFailures.device, device) : isNull(signInFailures.device),
  );
}

/**
 * Takes one of the account's (and the address's) tries before the password is checked, or refuses with 429.
 * The count and the insert are one step under advisory locks per account and per address: checked first and
 * recorded after the hash, 100 parallel guesses were all verified, each passing the check before any failure
 * was written. The try is written as a failure at once; the right password removes it (clearSignInFailures).
 */
export async function reserveSignInAttempt(
  db: DbOrTx,
  options: { email: string; ip: string; device?: string | null; now: Date },
): Promise<void> {
  const since = new Date(options.now.getTime() - THROTTLE_WINDOW_MS);
  // Without a known client address, everyone would share one bucket that an attacker could fill.
  const ipCounted = options.ip !== UNKNOWN_IP;
  const device = options.device ?? null;
  await db.transaction(async (tx) => {
    // Always the account's lock first, then the address's: no two sign-ins can wait on each other in a cycle.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:account:${options.email}`}, 0))`);
    if (ipCounted)
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:ip:${options.ip}`}, 0))`);
    const [counts] = await tx
      .select({
        account: sql<number>`count(*) filter (where ${accountBucket(options.email, device)})::int`,
        ip: sql<number>`count(*) filter (where ${signInFailures.ip} = ${options.ip})::int`,
      })
      .from(signInFailures)
      .where(
        and(
          gte(signInFailures.createdAt, since),
          sql`(${signInFailures.email} = ${options.email} or ${signInFailures.ip} = ${options.ip})`,
        ),
      );
    const ipLimited = ipCounted && (counts?.ip ?? 0) >= MAX_FAILURES_PER_IP;
    if ((counts?.account ?? 0) >= MAX_FAILURES_PER_ACCOUNT || ipLimited) {
      throw new AppError('rate_limited', {
        message: `Sign-in throttled for ${options.email} from ${options.ip}`,
        problem: { key: 'auth.signInThrottled', values: { minutes: THROTTLE_WINDOW_MS / 60_000 } },
      });
    }
    await tx.insert(signInFailures).values({ email: options.email, ip: options.ip, device, createdAt: options.now });
  });
}

/** After a wrong password: its try stays counted; rows past any window are dropped now and then. */
export async function forgetOldSignInFailures(db: DbOrTx, options: { now: Date }): Promise<void> {
  await db
    .delete(signInFailures)
    .where(lt(signInFailures.createdAt, new Date(options.now.getTime() - 24 * 60 * 60 * 1000)));
}

/**
 * A successful sign-in clears the failures of the bucket it was counted in (`device`: that device's, or null
 * for strangers'); the owner signing in on their known device leaves strangers' failures standing, so those
 * get no new tries. Without `device` (a new password was set) all of the account's failures go. The address
 * keeps its count either way.
 */
export async function clearSignInFailures(
  db: DbOrTx,
  options: { email: string; device?: string | null },
): Promise<void> {
  const bucket =
    options.device === undefined
      ? eq(signInFailures.email, options.email)
      : accountBucket(options.email, options.device);
  await db.delete(signInFailures).where(bucket);
}
