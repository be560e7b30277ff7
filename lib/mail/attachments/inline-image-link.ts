import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type Attachment } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { getEnv } from '../../env';
import { AppError } from '../../errors';
import { isInlineImageType } from '../render/attachment-response-headers';
import { openAttachment } from './open-attachment';

// A message frame is sandboxed without allow-same-origin, so its image requests are cross-site to the
// browser and carry no session cookie (SameSite=Lax). Its cid: images are therefore linked with a short-lived
// signature instead: one attachment, one user, a few minutes. Access is still checked when the image is read.
const LIFETIME_MS = 15 * 60 * 1000;

function signature(attachmentId: number, userId: string, expires: number): string {
  const key = createHmac('sha256', getEnv().authSecret).update('mailroom:inline-image').digest();
  return createHmac('sha256', key).update(`${attachmentId}.${userId}.${expires}`).digest('base64url');
}

/** The query string that lets the message frame load this inline image as this user. */
export function signInlineImage(options: { attachmentId: number; userId: string; now?: Date }): string {
  const expires = (options.now ?? new Date()).getTime() + LIFETIME_MS;
  return new URLSearchParams({
    u: options.userId,
    e: String(expires),
    s: signature(options.attachmentId, options.userId, expires),
  }).toString();
}

/** An inline image requested with a signed link: raster images only, for an active user who may still read it. */
export async function openSignedInlineImage(
  db: Db,
  options: { attachmentId: number; userId: string; expires: number; signature: string; now?: Date },
): Promise<{ attachment: Attachment; content: Buffer }> {
  const notFound = new AppError('not_found', { problem: { key: 'mail.imageLinkExpired' } });
  const expected = Buffer.from(signature(options.attachmentId, options.userId, options.expires));
  const given = Buffer.from(options.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw notFound;
  if (options.expires < (options.now ?? new Date()).getTime()) throw notFound;
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, options.userId), eq(users.active, true)))
    .limit(1);
  if (!user) throw notFound;
  const actor: Actor = { kind: 'user', userId: user.id, orgId: user.orgId, role: user.role };
  const opened = await openAttachment(db, { actor, attachmentId: options.attachmentId });
  if (!isInlineImageType(opened.attachment.contentType)) throw notFound;
  return opened;
}
