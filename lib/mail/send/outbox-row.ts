import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { outgoingMessages, type AddressJson, type OutgoingMessage } from '@/db/schema';
import { AppError } from '../../errors';
import { expireIfStale } from './expire-stale-sending';

export type NewOutgoing = {
  orgId: string;
  mailboxId: string;
  userId: string;
  clientKey: string;
  messageIdHeader: string;
  subject: string;
  recipients: AddressJson[];
};

/** `claimed`: this call sends the message. Otherwise another call has (or is doing it): report its result. */
export type OutboxClaim = { claimed: boolean; row: OutgoingMessage };

/**
 * The outbox row is the lock that makes sending idempotent: (user, clientKey) is unique, so of two requests
 * for the same compose window (a double click, a retried request) exactly one inserts the row and sends.
 * A row whose send certainly failed may be claimed again: nothing went out, so trying again is safe.
 */
export async function claimOutgoing(db: DbOrTx, values: NewOutgoing): Promise<OutboxClaim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [inserted] = await db
      .insert(outgoingMessages)
      .values({ ...values, status: 'sending' })
      .onConflictDoNothing({ target: [outgoingMessages.userId, outgoingMessages.clientKey] })
      .returning();
    if (inserted) return { claimed: true, row: inserted };
    const existing = await findOutgoing(db, values.userId, values.clientKey);
    // Gone between the insert and the select (its mailbox was removed): insert again.
    if (!existing) continue;
    if (existing.status !== 'failed') return { claimed: false, row: existing };
    const [reclaimed] = await db
      .update(outgoingMessages)
      // createdAt restarts: it is when the current attempt began, which expireStaleSending goes by.
      .set({
        status: 'sending',
        mailboxId: values.mailboxId,
        subject: values.subject,
        recipients: values.recipients,
        quotaMonth: null,
        errorCode: null,
        errorMessage: null,
        errorProblem: null,
        createdAt: sql`now()`,
      })
      .where(and(eq(outgoingMessages.id, existing.id), eq(outgoingMessages.status, 'failed')))
      .returning();
    if (reclaimed) return { claimed: true, row: reclaimed };
    // Another retry reclaimed it first: that one sends.
    const current = await findOutgoing(db, values.userId, values.clientKey);
    if (current) return { claimed: false, row: current };
  }
  throw new AppError('conflict', { problem: { key: 'send.notQueued' } });
}

export async function findOutgoing(
  db: DbOrTx,
  userId: string,
  clientKey: string,
): Promise<OutgoingMessage | undefined> {
  const [row] = await db
    .select()
    .from(outgoingMessages)
    .where(and(eq(outgoingMessages.userId, userId), eq(outgoingMessages.clientKey, clientKey)))
    .limit(1);
  return row;
}

export async function updateOutgoing(
  db: DbOrTx,
  id: string,
  patch: Partial<
    Pick<
      OutgoingMessage,
      'status' | 'quotaMonth' | 'errorCode' | 'errorMessage' | 'errorProblem' | 'savedToSent' | 'sentAt'
    >
  >,
): Promise<OutgoingMessage> {
  const [row] = await db.update(outgoingMessages).set(patch).where(eq(outgoingMessages.id, id)).returning();
  if (!row)
    throw new AppError('not_found', {
      message: `Outgoing message ${id} vanished`,
      problem: { key: 'send.outboxRowVanished' },
    });
  return row;
}

/**
 * The result of a send another request is doing: waits while it is in flight (bounded by the SMTP timeouts
 * plus saving to Sent), and says so if it is still going after that instead of sending a second time. A row
 * 'sending' for longer than any live send takes was left by a process that died: it becomes (and is
 * reported as) delivery_unknown at once.
 */
export async function waitUntilSettled(
  db: DbOrTx,
  row: OutgoingMessage,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<OutgoingMessage> {
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let current = await expireIfStale(db, row);
  while (current.status === 'sending') {
    if (Date.now() >= deadline) {
      throw new AppError('conflict', {
        message: `Outgoing message ${row.id} still sending`,
        problem: { key: 'send.stillSending' },
      });
    }
    await sleep(options.intervalMs ?? 150);
    const [fresh] = await db.select().from(outgoingMessages).where(eq(outgoingMessages.id, row.id)).limit(1);
    if (!fresh) throw new AppError('not_found', { problem: { key: 'send.notInOutbox' } });
    current = await expireIfStale(db, fresh);
  }
  return current;
}
