import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rateLimitHits } from '@/db/schema';
import { AppError } from './errors';
import type { Problem } from './i18n/problem';

export type RateLimit = { key: string; limit: number; windowMs: number };

/**
 * Counts one attempt against `key`, or refuses with 429 when `limit` attempts were made within the window.
 * The count and the insert are one step under an advisory lock on the key, so a parallel burst gets no more
 * than the limit. Rows older than a day for the key are dropped on the way.
 */
export async function takeRateLimit(
  db: DbOrTx,
  options: RateLimit & {
    now?: Date;
    /** The refusal for people, e.g. naming the window; without it the generic rate_limited sentence. */
    problem?: Problem;
  },
): Promise<void> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - options.windowMs);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`rate-limit:${options.key}`}, 0))`);
    const [row] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(rateLimitHits)
      .where(and(eq(rateLimitHits.key, options.key), gte(rateLimitHits.createdAt, since)));
    if ((row?.count ?? 0) >= options.limit) {
      throw new AppError('rate_limited', {
        message: `Rate limit reached for ${options.key}`,
        problem: options.problem,
      });
    }
    await tx.insert(rateLimitHits).values({ key: options.key, createdAt: now });
    await tx
      .delete(rateLimitHits)
      .where(
        and(
          eq(rateLimitHits.key, options.key),
          lt(rateLimitHits.createdAt, new Date(now.getTime() - Math.max(options.windowMs, 86_400_000))),
        ),
      );
  });
}
