import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, messageBodies, messageRenders } from '@/db/schema';
import { isInlineImageType } from '../render/attachment-response-headers';
import { normalizeContentId, RENDERER_VERSION } from '../render/html-jobs';
import { sharedHtmlPool } from '../render/html-pool';
import { newPlaceholderToken } from '../render/inline-image-placeholders';
import { isFreshRender, replaceableRender, retryAfterOf } from '../render/render-freshness';

export type MessageRender = {
  /** Sanitized body HTML; inline images are placeholders marked with `placeholderToken` (null: none). */
  html: string;
  placeholderToken: string | null;
  blockedImages: number;
  hasRemoteContent: boolean;
  truncated: boolean;
  asText: boolean;
};

/**
 * A message's sanitized HTML body for one images state, from message_renders, or rendered in the HTML workers
 * and kept there for every later open. A render the workers could not finish (a timeout, a crash) is its text
 * fallback, kept for a while only: it may have been the load, not the message. Nothing is kept when the
 * workers could not even give the text.
 */
export async function getMessageRender(
  db: DbOrTx,
  options: { messageId: number; htmlBody: string; textBody: string | null; allowRemoteImages: boolean },
): Promise<MessageRender> {
  const [cached] = await db
    .select()
    .from(messageRenders)
    .where(
      and(
        eq(messageRenders.messageId, options.messageId),
        eq(messageRenders.remoteImagesAllowed, options.allowRemoteImages),
      ),
    )
    .limit(1);
  if (cached && isFreshRender(cached)) return cached;

  const placeholderToken = newPlaceholderToken();
  const rendered = await sharedHtmlPool().renderMessage({
    html: options.htmlBody,
    textBody: options.textBody,
    allowRemoteImages: options.allowRemoteImages,
    inlineImages: await inlineImages(db, options.messageId),
    placeholderToken,
  });
  const render: MessageRender = {
    html: rendered.html,
    placeholderToken: rendered.usesPlaceholders ? placeholderToken : null,
    blockedImages: rendered.blockedImages,
    hasRemoteContent: rendered.hasRemoteContent,
    truncated: rendered.truncated,
    asText: rendered.asText,
  };
  const retryAfter = retryAfterOf(rendered.failure);
  if (!rendered.unavailable)
    await keep(db, { messageId: options.messageId, allowRemoteImages: options.allowRemoteImages, retryAfter }, render);
  return render;
}

/** The message's inline raster images by Content-ID: only those are shown inline (not HTML or SVG parts). */
async function inlineImages(db: DbOrTx, messageId: number): Promise<Array<[string, number]>> {
  const rows = await db
    .select({ id: attachments.id, contentId: attachments.contentId, contentType: attachments.contentType })
    .from(attachments)
    .where(and(eq(attachments.messageId, messageId), isNotNull(attachments.contentId)));
  return rows.filter((a) => isInlineImageType(a.contentType)).map((a) => [normalizeContentId(a.contentId ?? ''), a.id]);
}

/**
 * Two first opens at once both render and both write: the second write changes nothing (replaceableRender).
 * Taken from the body row, so nothing is kept for a body already deleted (the purge).
 */
async function keep(
  db: DbOrTx,
  key: { messageId: number; allowRemoteImages: boolean; retryAfter: Date | null },
  render: MessageRender,
): Promise<void> {
  const { messageId, allowRemoteImages } = key;
  await db
    .insert(messageRenders)
    .select(
      db
        .select({
          messageId: messageBodies.messageId,
          orgId: messageBodies.orgId,
          remoteImagesAllowed: sql<boolean>`${allowRemoteImages}`.as('remote_images_allowed'),
          rendererVersion: sql<number>`${RENDERER_VERSION}::int`.as('renderer_version'),
          html: sql<string>`${render.html}`.as('html'),
          placeholderToken: sql<string | null>`${render.placeholderToken}`.as('placeholder_token'),
          blockedImages: sql<number>`${render.blockedImages}::int`.as('blocked_images'),
          hasRemoteContent: sql<boolean>`${render.hasRemoteContent}`.as('has_remote_content'),
          truncated: sql<boolean>`${render.truncated}`.as('truncated'),
          asText: sql<boolean>`${render.asText}`.as('as_text'),
          retryAfter: sql<Date | null>`${key.retryAfter?.toISOString() ?? null}::timestamptz`.as('retry_after'),
          createdAt: sql<Date>`now()`.as('created_at'),
        })
        .from(messageBodies)
        .where(eq(messageBodies.messageId, messageId)),
    )
    .onConflictDoUpdate({
      target: [messageRenders.messageId, messageRenders.remoteImagesAllowed],
      set: {
        rendererVersion: sql`excluded.renderer_version`,
        html: sql`excluded.html`,
        placeholderToken: sql`excluded.placeholder_token`,
        blockedImages: sql`excluded.blocked_images`,
        hasRemoteContent: sql`excluded.has_remote_content`,
        truncated: sql`excluded.truncated`,
        asText: sql`excluded.as_text`,
        retryAfter: sql`excluded.retry_after`,
        createdAt: sql`excluded.created_at`,
      },
      setWhere: replaceableRender(messageRenders),
    });
}
