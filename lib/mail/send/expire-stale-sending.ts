import { and, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { outgoingMessages, type OutgoingMessage } from '@/db/schema';
import { AppError } from '../../errors';
import { englishProblem, type Problem } from '../../i18n/problem';

/**
 * How long a message may stay 'sending' before the process sending it is taken for dead. A live send is
 * bounded well below this: the SMTP transaction by DEFAULT_SMTP_TIMEOUTS.totalMs (5 minutes, its connect,
 * greeting and silence timeouts are shorter still), plus loading uploads and forwarded attachments before it.
 */
export const STALE_SENDING_MS = 10 * 60_000;

export const SEND_INTERRUPTED_CODE = 'send_interrupted';
export const SEND_INTERRUPTED_PROBLEM: Problem = { key: 'send.interrupted' };
export const SEND_INTERRUPTED_MESSAGE = englishProblem(SEND_INTERRUPTED_PROBLEM);

const interrupted = {
  status: 'delivery_unknown',
  errorCode: SEND_INTERRUPTED_CODE,
  errorMessage: SEND_INTERRUPTED_MESSAGE,
  errorProblem: SEND_INTERRUPTED_PROBLEM,
} as const;

function cutoffOf(options: { now?: Date; olderThanMs?: number }): Date {
  const olderThanMs = options.olderThanMs ?? STALE_SENDING_MS;
  if (!Number.isFinite(olderThanMs) || olderThanMs <= 0)
    throw new AppError('validation', {
      message: `expireStaleSending: olderThanMs must be positive (got ${olderThanMs})`,
    });
  return new Date((options.now ?? new Date()).getTime() - olderThanMs);
}

/**
 * Outbox rows left 'sending' by a process that died (a crash, a deploy) become 'delivery_unknown': it is not
 * known whether the server took the message, so it is never sent again automatically, and a retry of the
 * same send (same clientKey) reports this instead of waiting. One conditional UPDATE: safe to run at any
 * time, twice at once (a row is expired once), and again (nothing left to do).
 */
export async function expireStaleSending(
  db: DbOrTx,
  options: { now?: Date; olderThanMs?: number } = {},
): Promise<{ expired: number }> {
  const expired = await db
    .update(outgoingMessages)
    .set(interrupted)
    .where(and(eq(outgoingMessages.status, 'sending'), lt(outgoingMessages.createdAt, cutoffOf(options))))
    .returning({ id: outgoingMessages.id });
  return { expired: expired.length };
}

/** The same for one row found 'sending' (a retried send): the row as it is now, expired if it was stale. */
export async function expireIfStale(
  db: DbOrTx,
  row: OutgoingMessage,
  options: { now?: Date; olderThanMs?: number } = {},
): Promise<OutgoingMessage> {
  if (row.status !== 'sending' || row.createdAt >= cutoffOf(options)) return row;
  const [expired] = await db
    .update(outgoingMessages)
    .set(interrupted)
    .where(
      and(
        eq(outgoingMessages.id, row.id),
        eq(outgoingMessages.status, 'sending'),
        lt(outgoingMessages.createdAt, cutoffOf(options)),
      ),
    )
    .returning();
  if (expired) return expired;
  // Settled (or reclaimed) meanwhile: report what it is now.
  const [current] = await db.select().from(outgoingMessages).where(eq(outgoingMessages.id, row.id)).limit(1);
  if (!current) throw new AppError('not_found', { problem: { key: 'send.notInOutbox' } });
  return current;
}
