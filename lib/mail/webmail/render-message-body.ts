import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { signInlineImage } from '../attachments/inline-image-link';
import { isInlineImageType } from '../render/attachment-response-headers';
import { resolveInlineImagePlaceholders } from '../render/inline-image-placeholders';
import { foldQuotes, type QuoteLabels } from '../render/fold-quotes';
import { messageFrameDocument } from '../render/message-frame-document';
import { type FrameNotes, localizeNotes } from '../render/localize-notes';
import { getMessageRender, type MessageRender } from './get-message-render';
import { loadReadableMessage } from './load-readable-message';
import { isTrustedImageSender } from './trust-image-sender';

export type RenderedBody = { html: string; contentSecurityPolicy: string; blockedImages: number };

/**
 * The HTML of a message as a complete document for the reading pane's sandboxed frame: sanitized (once, then
 * cached: get-message-render.ts), inline cid: images pointing at our attachment route with links signed for
 * this reader, remote images only when the user allowed them for this message (`allowImages`) or always for
 * this sender.
 */
export async function renderMessageBody(
  db: DbOrTx,
  options: {
    actor: Actor;
    messageId: number;
    allowImages: boolean;
    origin: string;
    /** The render's own notes ("too long to show in full") in the reader's language; English without. */
    notes?: FrameNotes;
    /** Fold the quoted text behind a toggle worded so (the conversation pane); shown in full without. */
    foldQuotes?: QuoteLabels;
  },
): Promise<RenderedBody> {
  const { message, htmlBody, textBody } = await loadReadableMessage(db, options);
  const allowRemoteImages =
    options.allowImages || (await isTrustedImageSender(db, { actor: options.actor, address: message.fromAddress }));
  // A message without HTML has nothing to sanitize (the pane shows its text itself).
  const render =
    htmlBody === null
      ? null
      : await getMessageRender(db, { messageId: message.id, htmlBody, textBody, allowRemoteImages });
  const html = render
    ? localizeNotes(await withInlineImages(db, render, { ...options, messageId: message.id }), options.notes)
    : '';
  const body = html && options.foldQuotes ? foldQuotes(html, options.foldQuotes) : html;
  const document = messageFrameDocument(body, { allowRemoteImages, origin: options.origin });
  return {
    html: document.html,
    contentSecurityPolicy: document.contentSecurityPolicy,
    blockedImages: render?.blockedImages ?? 0,
  };
}

/** The render's inline-image placeholders as links to this message's images, signed for this reader. */
async function withInlineImages(
  db: DbOrTx,
  render: MessageRender,
  options: { actor: Actor; messageId: number; origin: string },
): Promise<string> {
  const { actor } = options;
  if (render.placeholderToken === null) return render.html;
  const inline = await db
    .select({ id: attachments.id, contentType: attachments.contentType })
    .from(attachments)
    .where(and(eq(attachments.messageId, options.messageId), isNotNull(attachments.contentId)));
  // Only this message's raster images: a placeholder for anything else stays a dead reference.
  const images = new Set(inline.filter((a) => isInlineImageType(a.contentType)).map((a) => a.id));
  const origin = new URL(options.origin).origin;
  return resolveInlineImagePlaceholders(render.html, render.placeholderToken, (id) => {
    if (!images.has(id) || actor.kind !== 'user') return null;
    return `${origin}/api/mail/attachments/${id}?inline=1&${signInlineImage({ attachmentId: id, userId: actor.userId })}`;
  });
}
