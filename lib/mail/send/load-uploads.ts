import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { composeUploads, type ComposeUpload } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { isUuid } from '../../validation';
import { uploaderOf } from './create-upload';

/** The actor's own uploads, in the order given; anyone else's id counts as missing. */
export async function loadUploads(
  db: DbOrTx,
  options: { actor: Actor; uploadIds: string[] },
): Promise<ComposeUpload[]> {
  const ids = [...new Set(options.uploadIds)];
  if (ids.length === 0) return [];
  const { userId } = uploaderOf(options.actor);
  const missing = () =>
    new AppError('not_found', {
      message: `Uploads not found for user ${userId}`,
      problem: { key: 'send.uploadsGone' },
    });
  if (ids.some((id) => !isUuid(id))) throw missing();
  const rows = await db
    .select()
    .from(composeUploads)
    .where(and(inArray(composeUploads.id, ids), eq(composeUploads.userId, userId)));
  if (rows.length !== ids.length) throw missing();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** Sizes only, for the 14.3 MB check before anything is downloaded or reserved. */
export async function uploadSizes(db: DbOrTx, options: { actor: Actor; uploadIds: string[] }): Promise<number> {
  const ids = [...new Set(options.uploadIds)];
  if (ids.length === 0) return 0;
  const { userId } = uploaderOf(options.actor);
  if (ids.some((id) => !isUuid(id))) return 0;
  const rows = await db
    .select({ size: composeUploads.size })
    .from(composeUploads)
    .where(and(inArray(composeUploads.id, ids), eq(composeUploads.userId, userId)));
  return rows.reduce((sum, r) => sum + r.size, 0);
}
