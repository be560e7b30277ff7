import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { dummyPasswordHash, verifyPassword } from '../crypto/password';
import { AppError } from '../errors';
import { toPublicUser, type PublicUser } from '../users/create-user';
import { clearSignInFailures, forgetOldSignInFailures, reserveSignInAttempt, UNKNOWN_IP } from './sign-in-throttle';

/**
 * Checks an email and password, throttled per account and per address: each check first takes a try, so
 * parallel guesses get no more than the limit. A deactivated account is told so only after the right password.
 */
export async function verifyCredentials(db: DbOrTx, options: { email: string; password: string; ip?: string; now?: Date }): Promise<PublicUser> {
  const email = options.email.trim().toLowerCase();
  const ip = options.ip ?? UNKNOWN_IP;
  const now = options.now ?? new Date();
  await reserveSignInAttempt(db, { email, ip, now });
  const user = email ? await db.query.users.findFirst({ where: eq(users.email, email) }) : undefined;
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), options.password);
  if (!user || !valid) {
    await forgetOldSignInFailures(db, { now });
    throw new AppError('invalid_credentials', { message: `Failed sign-in for ${email}` });
  }
  await clearSignInFailures(db, { email });
  if (!user.active) throw new AppError('user_inactive', { message: `Sign-in refused for deactivated user ${user.id}` });
  return toPublicUser(user);
}
