import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, type User } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { verifyPassword } from '../../crypto/password';
import { AppError } from '../../errors';
import { takeRateLimit } from '../../rate-limit';
import { englishProblem } from '../../i18n/problem';
import { parseInput, uuidSchema } from '../../validation';
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
  if (!user) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
  return user;
}

const PROOF_WINDOW_MS = 15 * 60 * 1000;

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
    windowMs: PROOF_WINDOW_MS,
    now: proof.now,
    problem: { key: 'auth.proofRateLimited', values: { minutes: PROOF_WINDOW_MS / 60_000 } },
  });
  if (proof.code && user.totpSecret && user.totpEnabledAt) {
    const base32 = decryptTotpSecret(user.id, user.totpSecret);
    if (await checkTotpCode(db, { userId: user.id, email: user.email, base32, code: proof.code, now: proof.now }))
      return;
  }
  if (proof.password && (await verifyPassword(user.passwordHash, proof.password))) return;
  // The alert says what to enter; the field itself only that what was entered is wrong.
  const proofWrong = { key: 'auth.proofWrong' };
  throw new AppError('validation', {
    problem: { key: 'auth.proofRequired' },
    details: { fieldErrors: { proof: englishProblem(proofWrong) }, fieldProblems: { proof: proofWrong } },
  });
}
