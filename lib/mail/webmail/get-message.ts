import { and, asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, auditLog, type AddressJson, type MessageLinkKind } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { displayNameWarning } from '../render/display-name-warning';
import { linkifyText } from '../render/linkify-text';
import { describeMessageLinks, type MessageLinkView } from '../../work/describe-message-links';
import { invitationParts } from '../../calendar/invitation/invitation-part';
import { getMessageRender } from './get-message-render';
import { loadReadableMessage, type ReadableMessage } from './load-readable-message';
import { isTrustedImageSender } from './trust-image-sender';

export type MessageView = {
  id: number;
  mailboxId: string;
  // The mailbox's own address: the reader, whom "Create event" does not list among the attendees.
  mailboxAddress: string;
  folderId: number;
  subject: string;
  from: { name: string | null; address: string | null; warning: string | null };
  to: AddressJson[];
  cc: AddressJson[];
  replyTo: AddressJson[];
  sentAt: string | null;
  receivedAt: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  linkKinds: MessageLinkKind[];
  // The mail server no longer has it; this copy is kept for the work linked to it (sync retires it so).
  goneFromServer: boolean;
  // What the message was made into, with titles and pages for the work this viewer may see.
  links: MessageLinkView[];
  bodyState: 'pending' | 'complete' | 'too_large' | 'damaged';
  parseError: string | null;
  // The HTML itself is served by its own sandboxed response (render-message-body.ts), never inlined here.
  hasHtml: boolean;
  text: ReturnType<typeof linkifyText>;
  imagesTrusted: boolean;
  // Remote images the frame will not load until the user allows them (0 when the sender is trusted).
  blockedImages: number;
  attachments: Array<{ id: number; filename: string | null; contentType: string; size: number; inline: boolean }>;
  // A calendar part the reading pane reads as an invitation card (GET …/invitation); its unnamed
  // text/calendar alternative is the invitation itself and is not listed among the files.
  hasInvitation: boolean;
};

// The reading pane refetches an open message when the window regains focus; those refetches within a few
// minutes are the same open, not new ones.
const SAME_OPEN_MS = 5 * 60_000;

async function recordSharedOpen(
  db: DbOrTx,
  actor: Extract<Actor, { kind: 'user' }>,
  row: ReadableMessage,
): Promise<void> {
  const targetId = String(row.message.id);
  const [recent] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, row.mailbox.orgId),
        gt(auditLog.createdAt, new Date(Date.now() - SAME_OPEN_MS)),
        eq(auditLog.actorUserId, actor.userId),
        eq(auditLog.action, 'message.opened_shared'),
        eq(auditLog.targetId, targetId),
      ),
    )
    .limit(1);
  if (recent) return;
  await writeAuditEntry(db, {
    orgId: row.mailbox.orgId,
    actor,
    action: 'message.opened_shared',
    targetType: 'message',
    targetId,
    data: {
      mailboxId: row.mailbox.id,
      mailboxEmail: row.mailbox.email,
      subject: row.message.subject,
      from: row.message.fromAddress,
    },
  });
}

/** A message for the reading pane, after checking the actor may read its mailbox. */
export async function getMessage(db: DbOrTx, options: { actor: Actor; messageId: number }): Promise<MessageView> {
  const row = await loadReadableMessage(db, options);
  const m = row.message;
  const hasHtml = row.htmlBody !== null;
  // Reading someone else's mailbox is only possible through a grant; each such open is on the record (SPEC §1).
  if (options.actor.kind === 'user' && row.mailbox.ownerUserId !== options.actor.userId)
    await recordSharedOpen(db, options.actor, row);

  const [files, trusted, links] = await Promise.all([
    db.select().from(attachments).where(eq(attachments.messageId, m.id)).orderBy(asc(attachments.position)),
    isTrustedImageSender(db, { actor: options.actor, address: m.fromAddress }),
    m.linkKinds.length > 0 ? describeMessageLinks(db, { actor: options.actor, messageId: m.id }) : [],
  ]);
  // How the pane knows whether to offer "Show images" at all: the count of the render the frame will show
  // (made here on the first open and kept, so the frame's own request finds it ready).
  const blockedImages =
    hasHtml && !trusted
      ? (
          await getMessageRender(db, {
            messageId: m.id,
            htmlBody: row.htmlBody ?? '',
            textBody: row.textBody,
            allowRemoteImages: false,
          })
        ).blockedImages
      : 0;

  const invitation = invitationParts(files);
  return {
    id: m.id,
    mailboxId: m.mailboxId,
    mailboxAddress: row.mailbox.email.toLowerCase(),
    folderId: m.folderId,
    subject: m.subject,
    from: { name: m.fromName, address: m.fromAddress, warning: displayNameWarning(m.fromName, m.fromAddress) },
    to: m.toAddresses,
    cc: m.ccAddresses,
    replyTo: m.replyTo,
    sentAt: m.sentAt?.toISOString() ?? null,
    receivedAt: m.receivedAt.toISOString(),
    seen: m.seen,
    flagged: m.flagged,
    answered: m.answered,
    linkKinds: m.linkKinds,
    goneFromServer: m.goneFromServerAt !== null,
    links,
    bodyState: m.bodyState,
    parseError: m.parseError,
    hasHtml,
    text: hasHtml ? [] : linkifyText(row.textBody ?? ''),
    imagesTrusted: trusted,
    blockedImages,
    hasInvitation: invitation.source !== null,
    attachments: files
      .filter((f) => !invitation.hidden.has(f.id))
      .map((f) => ({
        id: f.id,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        inline: f.inline,
      })),
  };
}
