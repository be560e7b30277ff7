import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <CRON_SECRET>`. Both sides are hashed first so the comparison takes the same time
 * whatever the length or content of what was sent.
 */
export function verifyCronSecret(authorization: string | null, secret: string): void {
  const sent = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  if (!secret || !timingSafeEqual(digest(sent), digest(secret)))
    throw new AppError('unauthenticated', {
      message: 'Cron call with a wrong or missing secret',
      problem: { key: 'retention.cronSecretWrong' },
    });
}
