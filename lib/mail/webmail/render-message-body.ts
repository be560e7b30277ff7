import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { signInlineImage } from '../attachments/inline-image-link';
import { isInlineImageType } from '../render/attachment-response-headers';
import { messageFrameDocument } from '../render/message-frame-document';
import { renderMessageHtml } from '../render/render-message-html';
import { loadReadableMessage } from './load-readable-message';
import { isTrustedImageSender } from './trust-image-sender';

export type RenderedBody = { html: string; contentSecurityPolicy: string; blockedImages: number };

function normalizeContentId(value: string): string {
  return value.trim().replace(/^<|>$/g, '').toLowerCase();
}

/**
 * The HTML of a message as a complete document for the reading pane's sandboxed frame: sanitized, inline
 * cid: images pointing at our attachment route, remote images only when the user allowed them for this
 * message (`allowImages`) or always for this sender.
 */
export async function renderMessageBody(db: DbOrTx, options: { actor: Actor; messageId: number; allowImages: boolean; origin: string }): Promise<RenderedBody> {
  const { message, htmlBody } = await loadReadableMessage(db, options);
  const allowRemoteImages = options.allowImages || (await isTrustedImageSender(db, { actor: options.actor, address: message.fromAddress }));

  const inline = await db
    .select({ id: attachments.id, contentId: attachments.contentId, contentType: attachments.contentType })
    .from(attachments)
    .where(and(eq(attachments.messageId, options.messageId), isNotNull(attachments.contentId)));
  // Only raster images are shown inline; a cid: pointing at an HTML or SVG part stays a dead reference.
  const byContentId = new Map(inline.filter((a) => isInlineImageType(a.contentType)).map((a) => [normalizeContentId(a.contentId!), a.id]));
  const cidUrl = (contentId: string) => {
    const id = byContentId.get(normalizeContentId(contentId));
    if (id === undefined || options.actor.kind !== 'user') return null;
    return `${options.origin}/api/mail/attachments/${id}?inline=1&${signInlineImage({ attachmentId: id, userId: options.actor.userId })}`;
  };

  const rendered = renderMessageHtml(htmlBody ?? '', { cidUrl, allowRemoteImages });
  const document = messageFrameDocument(rendered.html, { allowRemoteImages, origin: options.origin });
  return { html: document.html, contentSecurityPolicy: document.contentSecurityPolicy, blockedImages: rendered.blockedImages };
}
