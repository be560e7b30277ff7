import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, type User } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { verifyPassword } from '../../crypto/password';
import { AppError } from '../../errors';
import { takeRateLimit } from '../../rate-limit';
import { uuidSchema, parseInput } from '../../validation';
import { checkTotpCode, decryptTotpSecret } from './totp';

/**
 * The user's own row, locked for the operation: two-factor settings are changed only by the user themself
 * (or the CLI). Anyone else gets not_found, like every lookup of someone else's data.
 */
export async function lockOwnAccount(db: DbOrTx, options: { userId: string; actor: Actor }): Promise<User> {
  const userId = parseInput(uuidSchema, options.userId);
  if (options.actor.kind === 'user' && options.actor.userId !== userId) {
    throw new AppError('not_found', {
      message: `User ${options.actor.userId} tried to change two-factor settings of ${userId}`,
    });
  }
  const [user] = await db.select().from(users).where(eq(users.id, userId)).for('update');
  if (!user) throw new AppError('not_found', { userMessage: 'No user with that id.' });
  return user;
}

/**
 * Turning two-factor off or replacing recovery codes asks again for a current code or the password, so a
 * browser left signed in is not enough. Guesses are limited to 10 per 15 minutes per user.
 */
export async function assertCodeOrPassword(
  db: DbOrTx,
  user: User,
  proof: { code?: string; password?: string; now: Date },
): Promise<void> {
  await takeRateLimit(db, {
    key: `two-factor-proof:${user.id}`,
    limit: 10,
    windowMs: 15 * 60 * 1000,
    now: proof.now,
    userMessage: 'Too many attempts. Wait 15 minutes and try again.',
  });
  if (proof.code && user.totpSecret && user.totpEnabledAt) {
    const base32 = decryptTotpSecret(user.id, user.totpSecret);
    if (await checkTotpCode(db, { userId: user.id, email: user.email, base32, code: proof.code, now: proof.now }))
      return;
  }
  if (proof.password && (await verifyPassword(user.passwordHash, proof.password))) return;
  throw new AppError('validation', {
    userMessage: 'Enter a current code from your authenticator app or your password.',
    details: { fieldErrors: { proof: 'That code or password is not right.' } },
  });
}
