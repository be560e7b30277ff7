import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { recoveryCodes } from '@/db/schema';

// Ten one-time codes for when the authenticator is lost. Shown once; only their sha256 is kept (they are
// random, 50 bits each, so a fast hash is enough).
export const RECOVERY_CODE_COUNT = 10;

/** Lower case without separators: "ABCD-EFGH-IJ" and "abcdefghij" are the same code. */
function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');
}

function newRecoveryCode(): string {
  // Base32 without look-alike characters, grouped for reading aloud: xxxxx-xxxxx.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Replaces the user's recovery codes with new ones and returns them (the only time they are readable). */
export async function replaceRecoveryCodes(db: DbOrTx, options: { userId: string; orgId: string }): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, options.userId));
  await db
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ orgId: options.orgId, userId: options.userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/** Marks an unused code as used, in one statement so two parallel sign-ins cannot both spend it. */
export async function spendRecoveryCode(
  db: DbOrTx,
  options: { userId: string; code: string; now: Date },
): Promise<boolean> {
  const spent = await db
    .update(recoveryCodes)
    .set({ usedAt: options.now })
    .where(
      and(
        eq(recoveryCodes.userId, options.userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(options.code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return spent.length > 0;
}
