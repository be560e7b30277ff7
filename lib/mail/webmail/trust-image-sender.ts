import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { trustedImageSenders } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';

/** "Always show images from this sender": remembered for this user only. */
export async function trustImageSender(db: DbOrTx, options: { actor: Actor; address: string }): Promise<void> {
  if (options.actor.kind !== 'user') throw new AppError('forbidden', { message: 'Only a user trusts senders' });
  const address = z.email().safeParse(options.address.trim());
  if (!address.success) throw new AppError('validation', { problem: { key: 'mail.notAnAddress' } });
  await db
    .insert(trustedImageSenders)
    .values({ orgId: options.actor.orgId, userId: options.actor.userId, address: address.data.toLowerCase() })
    .onConflictDoNothing();
}

export async function isTrustedImageSender(
  db: DbOrTx,
  options: { actor: Actor; address: string | null },
): Promise<boolean> {
  if (options.actor.kind !== 'user' || !options.address) return false;
  const rows = await db
    .select({ id: trustedImageSenders.id })
    .from(trustedImageSenders)
    .where(
      and(
        eq(trustedImageSenders.userId, options.actor.userId),
        sql`lower(${trustedImageSenders.address}) = lower(${options.address})`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
