import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { lockOwnAccount } from './own-account';
import { encryptTotpSecret, newTotpSecret, totpFor } from './totp';

export type TwoFactorEnrolment = { secret: string; otpauthUri: string; qrDataUrl: string };

/**
 * Makes a new TOTP secret and keeps it encrypted while enrolment is pending; two-factor is on only once a
 * first code confirms it (confirmTwoFactorEnrolment). Starting again replaces a pending secret.
 */
export async function startTwoFactorEnrolment(
  db: DbOrTx,
  options: { userId: string; actor: Actor },
): Promise<TwoFactorEnrolment> {
  return db.transaction(async (tx) => {
    const user = await lockOwnAccount(tx, options);
    if (user.totpEnabledAt) throw new AppError('conflict', { problem: { key: 'auth.twoFactorAlreadyOn' } });
    const secret = newTotpSecret();
    await tx
      .update(users)
      .set({ totpSecret: encryptTotpSecret(user.id, secret), updatedAt: new Date() })
      .where(eq(users.id, user.id));
    const otpauthUri = totpFor(secret, user.email).toString();
    // A data: URI image: the page's CSP allows img data:, and no third party ever sees the secret.
    const qrDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
    return { secret, otpauthUri, qrDataUrl };
  });
}
