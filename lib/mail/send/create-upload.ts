import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { composeUploads } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { throwIfAttachmentsTooLarge } from '../../plans/guards';
import { isUuid } from '../../validation';
import { throwIfPendingUploadsExceeded } from './compose-limits';
import { safeFilename } from './outgoing-fields';

export type UploadSummary = { id: string; filename: string; contentType: string; size: number };

// An upload not sent within a day belongs to a compose window that was closed.
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;

/** Uploads belong to a person: the CLI and system jobs have none. */
export function uploaderOf(actor: Actor): { userId: string; orgId: string } {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', {
      message: `Uploads need a user actor, got ${actor.kind}`,
      problem: { key: 'send.attachRequiresUser' },
    });
  return { userId: actor.userId, orgId: actor.orgId };
}

/**
 * Stores a file attached in the compose window until the message is sent. A single file over the 14.3 MB
 * per-message limit is refused at once, with the limit named; the total is checked again when sending. What
 * one person has waiting is capped too (compose-limits), checked and inserted under a per-user lock: a burst
 * of parallel uploads would otherwise each see the same room left and all be stored.
 */
export async function createUpload(
  db: DbOrTx,
  options: { actor: Actor; filename: string; contentType: string; content: Buffer; now?: Date },
): Promise<UploadSummary> {
  const { userId, orgId } = uploaderOf(options.actor);
  throwIfAttachmentsTooLarge(options.content.length);
  const now = options.now ?? new Date();
  const expired = new Date(now.getTime() - UPLOAD_TTL_MS);
  const contentType = CONTENT_TYPE.test(options.contentType.trim())
    ? options.contentType.trim().toLowerCase()
    : 'application/octet-stream';
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`compose-uploads:${userId}`}, 0))`);
    // Opportunistic clean-up of this user's abandoned uploads: no job needed, and nobody else's rows are touched.
    await tx
      .delete(composeUploads)
      .where(and(eq(composeUploads.userId, userId), lt(composeUploads.createdAt, expired)));
    const [pending] = await tx
      .select({
        count: sql<number>`count(*)::int`,
        bytes: sql<number>`coalesce(sum(${composeUploads.size}), 0)::bigint`,
      })
      .from(composeUploads)
      .where(and(eq(composeUploads.userId, userId), gte(composeUploads.createdAt, expired)));
    throwIfPendingUploadsExceeded(
      { count: pending?.count ?? 0, bytes: Number(pending?.bytes ?? 0) },
      options.content.length,
    );
    const [row] = await tx
      .insert(composeUploads)
      .values({
        orgId,
        userId,
        filename: safeFilename(options.filename),
        contentType,
        size: options.content.length,
        content: options.content,
        createdAt: now,
      })
      .returning({
        id: composeUploads.id,
        filename: composeUploads.filename,
        contentType: composeUploads.contentType,
        size: composeUploads.size,
      });
    return row!;
  });
}

/** Removes an upload the user took off the message. Someone else's (or an unknown) id is not found alike. */
export async function deleteUpload(db: DbOrTx, options: { actor: Actor; uploadId: string }): Promise<void> {
  const { userId } = uploaderOf(options.actor);
  if (!isUuid(options.uploadId)) throw new AppError('not_found', { problem: { key: 'mail.attachmentNotFound' } });
  const removed = await db
    .delete(composeUploads)
    .where(and(eq(composeUploads.id, options.uploadId), eq(composeUploads.userId, userId)))
    .returning({ id: composeUploads.id });
  if (removed.length === 0) throw new AppError('not_found', { problem: { key: 'mail.attachmentNotFound' } });
}
