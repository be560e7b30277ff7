import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, type AddressJson } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { loadReadableMessage } from '../webmail/load-readable-message';
import { isMessageId } from './outgoing-fields';
import type { Locale } from '../../i18n/locales';
import { forwardSubject, quoteForForward, quoteForReply, replySubject } from './quote-original';

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

export type ComposeDefaults = {
  mode: ReplyMode;
  mailboxId: string;
  /** Pass to sendMessage as replyToMessageId (null for a forward): threads the reply and sets \Answered. */
  replyToMessageId: number | null;
  to: AddressJson[];
  cc: AddressJson[];
  subject: string;
  html: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  /** The original's attachments a forward carries (pass their ids as forwardAttachmentIds). */
  forwardAttachments: Array<{
    id: number;
    filename: string | null;
    contentType: string;
    size: number;
    inline: boolean;
  }>;
  /** To show above the editor: the original was too complex to quote formatted, so it is quoted as text. */
  notice: string | null;
};

const key = (a: AddressJson) => a.address.trim().toLowerCase();

function dedupe(list: AddressJson[], exclude: Set<string>): AddressJson[] {
  const seen = new Set(exclude);
  return list.filter((a) => {
    if (!a.address || seen.has(key(a))) return false;
    seen.add(key(a));
    return true;
  });
}

/**
 * Who a reply goes to. To the Reply-To (else the sender); answering one's own sent message goes to its
 * recipients again, as mail clients do. Reply-all adds everyone else the original went to, without the
 * mailbox's own address and without anyone twice (addresses compare case-insensitively).
 */
export function replyRecipients(
  original: { from: AddressJson | null; replyTo: AddressJson[]; to: AddressJson[]; cc: AddressJson[] },
  ownAddress: string,
  all: boolean,
): { to: AddressJson[]; cc: AddressJson[] } {
  const own = new Set([ownAddress.trim().toLowerCase()]);
  const fromSelf = original.from !== null && own.has(key(original.from));
  const primary = fromSelf
    ? original.to
    : original.replyTo.length > 0
      ? original.replyTo
      : original.from
        ? [original.from]
        : [];
  // Replying to oneself (a note sent to one's own address) keeps that address rather than leaving To empty.
  const to = dedupe(primary, fromSelf && original.to.every((a) => own.has(key(a))) ? new Set() : own);
  if (!all) return { to, cc: [] };
  const others = fromSelf ? original.cc : [...original.to, ...original.cc];
  return { to, cc: dedupe(others, new Set([...own, ...to.map(key)])) };
}

/** What the compose window starts with for a reply, reply-all or forward of a message the actor can read. */
export async function prepareReply(
  db: DbOrTx,
  options: { actor: Actor; messageId: number; mode: ReplyMode; timeZone?: string; locale?: Locale },
): Promise<ComposeDefaults> {
  // The quote's headers ("On … wrote:") speak the language of whoever is replying.
  const writer = { locale: options.locale, timeZone: options.timeZone };
  const row = await loadReadableMessage(db, options);
  const { mailbox, message: m } = row;
  const original = {
    from: m.fromAddress ? { name: m.fromName ?? '', address: m.fromAddress } : null,
    to: m.toAddresses,
    cc: m.ccAddresses,
    subject: m.subject,
    date: m.sentAt ?? m.receivedAt,
    textBody: row.textBody,
    htmlBody: row.htmlBody,
  };
  const base = { mode: options.mode, mailboxId: mailbox.id };

  if (options.mode === 'forward') {
    const files = await db
      .select({
        id: attachments.id,
        filename: attachments.filename,
        contentType: attachments.contentType,
        size: attachments.size,
        inline: attachments.inline,
      })
      .from(attachments)
      .where(eq(attachments.messageId, m.id))
      .orderBy(asc(attachments.position));
    const body = await quoteForForward(original, writer);
    return {
      ...base,
      replyToMessageId: null,
      to: [],
      cc: [],
      subject: forwardSubject(m.subject),
      ...body,
      inReplyTo: null,
      references: [],
      forwardAttachments: files,
    };
  }

  const recipients = replyRecipients({ ...original, replyTo: m.replyTo }, mailbox.email, options.mode === 'replyAll');
  const own = isMessageId(m.messageIdHeader) ? m.messageIdHeader : null;
  const references = [...new Set([...m.referenceIds.filter(isMessageId), ...(own ? [own] : [])])];
  const body = await quoteForReply(original, writer);
  return {
    ...base,
    replyToMessageId: m.id,
    ...recipients,
    subject: replySubject(m.subject),
    ...body,
    inReplyTo: own,
    references,
    forwardAttachments: [],
  };
}
