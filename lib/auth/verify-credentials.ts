import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { dummyPasswordHash, verifyPassword } from '../crypto/password';
import { AppError } from '../errors';
import { toPublicUser, type PublicUser } from '../users/create-user';
import { clearSignInFailures, forgetOldSignInFailures, reserveSignInAttempt, UNKNOWN_IP } from './sign-in-throttle';
import { verifySignInSecondFactor, type SecondFactor } from './two-factor/verify-sign-in-factor';

/**
 * Checks an email and password (and, for accounts with two-factor, a code or recovery code), throttled per
 * account and per address: each check first takes a try, so parallel guesses get no more than the limit.
 * `device` is the id from a valid device cookie for this email: its tries are counted apart from strangers'.
 * A deactivated account is told so only after the right password. The try stays counted unless the whole
 * sign-in succeeds: a right password without the code does not clear the failures, a wrong code is one.
 */
export async function verifyCredentials(
  db: DbOrTx,
  options: {
    email: string;
    password: string;
    ip?: string;
    device?: string | null;
    secondFactor?: SecondFactor;
    now?: Date;
  },
): Promise<PublicUser> {
  const email = options.email.trim().toLowerCase();
  const ip = options.ip ?? UNKNOWN_IP;
  const device = options.device ?? null;
  const now = options.now ?? new Date();
  await reserveSignInAttempt(db, { email, ip, device, now });
  const user = email ? await db.query.users.findFirst({ where: eq(users.email, email) }) : undefined;
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), options.password);
  if (!user || !valid) {
    await forgetOldSignInFailures(db, { now });
    throw new AppError('invalid_credentials', { message: `Failed sign-in for ${email}` });
  }
  if (!user.active) {
    await clearSignInFailures(db, { email, device });
    throw new AppError('user_inactive', { message: `Sign-in refused for deactivated user ${user.id}` });
  }
  await verifySignInSecondFactor(db, { user, factor: options.secondFactor ?? {}, now });
  await clearSignInFailures(db, { email, device });
  return toPublicUser(user);
}
