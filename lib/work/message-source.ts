import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, type Attachment, type QuotedMessage } from '@/db/schema';
import type { Actor } from '../access/actor';
import { loadReadableMessage, type ReadableMessage } from '../mail/webmail/load-readable-message';

export type MessageSource = ReadableMessage & { attachments: Attachment[]; quote: QuotedMessage };

const EXCERPT_CHARS = 600;

// Work made from a message shows a short plain excerpt; HTML-only mail is reduced to its text.
function excerptOf(readable: ReadableMessage): string {
  const text =
    readable.textBody ??
    (readable.htmlBody
      ? readable.htmlBody.replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
      : readable.message.snippet);
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > EXCERPT_CHARS ? `${collapsed.slice(0, EXCERPT_CHARS - 1)}…` : collapsed;
}

/**
 * A message that work is being made from (task, CRM activity, event, chat, post): only one the actor may read.
 * The quote is a copy, so the work still shows what it was about after the local message is purged.
 */
export async function loadMessageSource(
  db: DbOrTx,
  options: { actor: Actor; messageId: number },
): Promise<MessageSource> {
  const readable = await loadReadableMessage(db, options);
  const files = await db
    .select()
    .from(attachments)
    .where(eq(attachments.messageId, readable.message.id))
    .orderBy(asc(attachments.position));
  const m = readable.message;
  return {
    ...readable,
    attachments: files,
    quote: {
      subject: m.subject,
      fromName: m.fromName,
      fromAddress: m.fromAddress,
      receivedAt: m.receivedAt.toISOString(),
      excerpt: excerptOf(readable),
    },
  };
}
