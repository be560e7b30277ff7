import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { dummyPasswordHash, verifyPassword } from '../crypto/password';
import { AppError } from '../errors';
import { toPublicUser, type PublicUser } from '../users/create-user';

/** Checks an email and password. A deactivated account is told so only after the right password. */
export async function verifyCredentials(db: DbOrTx, options: { email: string; password: string }): Promise<PublicUser> {
  const email = options.email.trim().toLowerCase();
  const user = email ? await db.query.users.findFirst({ where: eq(users.email, email) }) : undefined;
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), options.password);
  if (!user || !valid) throw new AppError('invalid_credentials', { message: `Failed sign-in for ${email}` });
  if (!user.active) throw new AppError('user_inactive', { message: `Sign-in refused for deactivated user ${user.id}` });
  return toPublicUser(user);
}
