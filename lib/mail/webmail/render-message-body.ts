import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, messageBodies, messages } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { signInlineImage } from '../attachments/inline-image-link';
import { messageFrameDocument } from '../render/message-frame-document';
import { renderMessageHtml } from '../render/render-message-html';
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
  const [row] = await db
    .select({ mailboxId: messages.mailboxId, fromAddress: messages.fromAddress, html: messageBodies.htmlBody })
    .from(messages)
    .leftJoin(messageBodies, eq(messageBodies.messageId, messages.id))
    .where(eq(messages.id, options.messageId))
    .limit(1);
  if (!row) throw new AppError('not_found', { userMessage: 'This message no longer exists.' });
  await getMailboxForActor(db, { mailboxId: row.mailboxId, actor: options.actor, permission: 'read' });

  const allowRemoteImages = options.allowImages || (await isTrustedImageSender(db, { actor: options.actor, address: row.fromAddress }));

  const inline = await db
    .select({ id: attachments.id, contentId: attachments.contentId })
    .from(attachments)
    .where(and(eq(attachments.messageId, options.messageId), isNotNull(attachments.contentId)));
  const byContentId = new Map(inline.map((a) => [normalizeContentId(a.contentId!), a.id]));
  const cidUrl = (contentId: string) => {
    const id = byContentId.get(normalizeContentId(contentId));
    if (id === undefined || options.actor.kind !== 'user') return null;
    return `${options.origin}/api/mail/attachments/${id}?inline=1&${signInlineImage({ attachmentId: id, userId: options.actor.userId })}`;
  };

  const rendered = renderMessageHtml(row.html ?? '', { cidUrl, allowRemoteImages });
  const document = messageFrameDocument(rendered.html, { allowRemoteImages, origin: options.origin });
  return { html: document.html, contentSecurityPolicy: document.contentSecurityPolicy, blockedImages: rendered.blockedImages };
}
