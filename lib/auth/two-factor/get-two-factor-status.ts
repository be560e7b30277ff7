import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { recoveryCodes } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { lockOwnAccount } from './own-account';

export type TwoFactorStatus = { enabledAt: Date | null; recoveryCodesLeft: number };

/** What the security page shows about the user's own two-factor sign-in. */
export async function getTwoFactorStatus(
  db: DbOrTx,
  options: { userId: string; actor: Actor },
): Promise<TwoFactorStatus> {
  return db.transaction(async (tx) => {
    const user = await lockOwnAccount(tx, options);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
    return { enabledAt: user.totpEnabledAt, recoveryCodesLeft: row?.n ?? 0 };
  });
}
