import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AddressJson } from '@/db/schema';
import { htmlToPlainText } from './html-to-plain-text';
import {
  envelopeRecipients,
  isMessageId,
  normalizeSubject,
  parseAddress,
  safeFilename,
  type Recipients,
} from './outgoing-fields';

export type OutgoingAttachment = {
  filename: string | null;
  contentType: string;
  content: Buffer;
  /** Set for an image the HTML shows (cid:), which then travels as a related part. */
  contentId?: string | null;
};

export type OutgoingMimeInput = Recipients & {
  from: AddressJson;
  subject: string;
  html: string;
  /** Derived from the HTML when not given. */
  text?: string | null;
  messageId: string;
  date: Date;
  inReplyTo?: string | null;
  references?: string[];
  attachments?: OutgoingAttachment[];
  /** The Sent and Drafts copies keep Bcc so the writer sees it; the copy handed to SMTP never has it. */
  keepBcc?: boolean;
};

export type OutgoingMime = { raw: Buffer; envelope: { from: string; to: string[] } };

/** `<uuid@domain-of-the-mailbox>`: unique, and from a domain the sender controls. */
export function newMessageId(mailboxEmail: string): string {
  const domain =
    mailboxEmail
      .split('@')
      .pop()
      ?.replace(/[^a-zA-Z0-9.-]/g, '') || 'mailroom.invalid';
  return `<${randomUUID()}@${domain}>`;
}

const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;
const CONTENT_ID = /^[^<>\s\u0000-\u001f\u007f"]{1,250}$/;

/**
 * The raw RFC 5322 message. Every value that reaches a header is validated or made single-line here, not
 * only by the callers, so no input can add a header of its own (Bcc: …) or split the message.
 */
export async function buildOutgoingMime(input: OutgoingMimeInput): Promise<OutgoingMime> {
  const from = parseAddress(input.from, 'from');
  const recipients: Recipients = {
    to: input.to.map((a) => parseAddress(a, 'to')),
    cc: input.cc.map((a) => parseAddress(a, 'cc')),
    bcc: input.bcc.map((a) => parseAddress(a, 'bcc')),
  };
  const references = [...new Set((input.references ?? []).filter(isMessageId))].slice(-30);
  const composer = new MailComposer({
    from: { name: from.name, address: from.address },
    to: recipients.to,
    cc: recipients.cc,
    bcc: recipients.bcc,
    subject: normalizeSubject(input.subject),
    messageId: isMessageId(input.messageId) ? input.messageId : undefined,
    date: input.date,
    inReplyTo: isMessageId(input.inReplyTo) ? input.inReplyTo : undefined,
    references: references.length > 0 ? references.join(' ') : undefined,
    html: input.html,
    text: input.text ?? htmlToPlainText(input.html),
    attachments: (input.attachments ?? []).map((a, index) => ({
      filename: safeFilename(a.filename, `attachment-${index + 1}`),
      contentType: CONTENT_TYPE.test(a.contentType) ? a.contentType.toLowerCase() : 'application/octet-stream',
      content: a.content,
      ...(a.contentId && CONTENT_ID.test(a.contentId) ? { cid: a.contentId } : {}),
    })),
    // Content only ever comes from buffers we hold; never let a value be read as a file path or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const root = composer.compile();
  root.keepBcc = input.keepBcc === true;
  const raw = await root.build();
  return { raw, envelope: { from: from.address, to: envelopeRecipients(recipients) } };
}
