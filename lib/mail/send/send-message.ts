import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { composeUploads, mailboxes, type OutgoingMessage } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError, isAppError } from '../../errors';
import { englishProblem, type Problem } from '../../i18n/problem';
import { throwIfAttachmentsTooLarge } from '../../plans/guards';
import { releaseOutgoing, reserveOutgoing, type OutgoingReservation } from '../../plans/outgoing-quota';
import { classifyMailError } from '../errors';
import { mailboxSecret } from '../oauth/mailbox-access-token';
import { isOAuthProviderId, oauthProviderLabels } from '../oauth/providers';
import type { MailSecret } from '../settings';
import { sanitizeForSending } from './sanitize-for-sending';
import { buildOutgoingMime, newMessageId, type OutgoingAttachment, type OutgoingMime } from './build-outgoing-mime';
import { uploaderOf } from './create-upload';
import { deliverAsMailbox } from './deliver-as-mailbox';
import { downloadForwardedAttachments, loadForwardedAttachments } from './forwarded-attachments';
import { loadUploads, uploadSizes } from './load-uploads';
import { claimOutgoing, findOutgoing, updateOutgoing, waitUntilSettled } from './outbox-row';
import { normalizeSubject, parseRecipients, type AddressInput } from './outgoing-fields';
import { loadReplyTarget, markAnswered } from './reply-target';
import { saveSentCopy } from './save-sent-copy';
import { senderAddress } from './sender-address';
import { loadSendingMailbox } from './sending-mailbox';

export type SendMessageInput = {
  actor: Actor;
  mailboxId: string;
  /** Made by the compose window once per message: the same key never sends twice. */
  clientKey: string;
  to: AddressInput[];
  cc?: AddressInput[];
  bcc?: AddressInput[];
  subject: string;
  html: string;
  text?: string | null;
  uploadIds?: string[];
  replyToMessageId?: number | null;
  forwardAttachmentIds?: number[];
  now?: Date;
};

export type SendStatus = 'sent' | 'failed' | 'delivery_unknown';
export type SendMessageResult = {
  id: string;
  status: SendStatus;
  messageIdHeader: string;
  savedToSent: boolean;
  /**
   * `userMessage` is the English stored with the outbox row; `problem` is the same sentence for the UI to word,
   * from this call or from the row (absent only for rows stored before outgoing_messages.error_problem).
   */
  error?: { code: string; userMessage: string; problem?: Problem };
};

const DELIVERY_UNKNOWN: Problem = { key: 'send.deliveryUnknown' };

function resultOf(row: OutgoingMessage): SendMessageResult {
  // A row still 'sending' is only ever reported after waitUntilSettled; treat it as unknown, never as sent.
  const status: SendStatus = row.status === 'sending' ? 'delivery_unknown' : row.status;
  const problem = row.errorProblem;
  const error =
    row.errorCode && status !== 'sent'
      ? { code: row.errorCode, userMessage: row.errorMessage ?? '', ...(problem ? { problem } : {}) }
      : undefined;
  return {
    id: row.id,
    status,
    messageIdHeader: row.messageIdHeader,
    savedToSent: row.savedToSent,
    ...(error ? { error } : {}),
  };
}

/**
 * Sends a message from a mailbox over its SMTP server, at most once per clientKey: checks and size limits
 * first, then the outbox row (the idempotency lock), the quota reservation, delivery, and the Sent copy.
 * A refusal by the server gives the quota back (a refused password also marks the mailbox for a new one); a
 * connection lost after the data keeps it (the message may have been delivered) and is reported as
 * delivery_unknown, never retried. So is a message whose sending process died (expire-stale-sending.ts).
 */
export async function sendMessage(db: Db, input: SendMessageInput): Promise<SendMessageResult> {
  const now = input.now ?? new Date();
  const { userId } = uploaderOf(input.actor);
  const clientKey = input.clientKey.trim();
  if (!/^[\x21-\x7e]{8,200}$/.test(clientKey))
    throw new AppError('validation', { problem: { key: 'send.noClientKey' } });
  const { mailbox, org } = await loadSendingMailbox(db, { actor: input.actor, mailboxId: input.mailboxId, now });

  // A retried request learns the first one's result before anything else: its uploads are gone by now.
  const earlier = await findOutgoing(db, userId, clientKey);
  if (earlier && earlier.status !== 'failed') return resultOf(await waitUntilSettled(db, earlier));

  const recipients = parseRecipients(input, { requireOne: true });
  const subject = normalizeSubject(input.subject);
  const body = await sanitizeForSending(input.html);
  const reply = input.replyToMessageId
    ? await loadReplyTarget(db, { actor: input.actor, messageId: input.replyToMessageId })
    : null;
  const forwarded = await loadForwardedAttachments(db, {
    actor: input.actor,
    attachmentIds: input.forwardAttachmentIds ?? [],
  });
  const uploadIds = input.uploadIds ?? [];
  // Before the outbox, the quota and any download: a message that is too big costs nothing.
  throwIfAttachmentsTooLarge(
    (await uploadSizes(db, { actor: input.actor, uploadIds })) + forwarded.reduce((sum, a) => sum + a.size, 0),
  );

  const claim = await claimOutgoing(db, {
    orgId: mailbox.orgId,
    mailboxId: mailbox.id,
    userId,
    clientKey,
    messageIdHeader: newMessageId(mailbox.email),
    subject,
    recipients: [...recipients.to, ...recipients.cc, ...recipients.bcc],
  });
  if (!claim.claimed) return resultOf(await waitUntilSettled(db, claim.row));
  const row = claim.row;

  const message = {
    from: await senderAddress(db, mailbox, input.actor),
    ...recipients,
    subject,
    html: body.html,
    text: input.text ?? body.text,
    messageId: row.messageIdHeader,
    date: now,
    inReplyTo: reply?.inReplyTo ?? null,
    references: reply?.references ?? [],
    attachments: [] as OutgoingAttachment[],
  };
  let outgoing: OutgoingMime;
  let reservation: OutgoingReservation;
  let secret: MailSecret;
  try {
    secret = await mailboxSecret(db, mailbox, 'smtp');
    const uploads = await loadUploads(db, { actor: input.actor, uploadIds });
    message.attachments = [
      ...uploads.map((u) => ({ filename: u.filename, contentType: u.contentType, content: u.content })),
      ...(await downloadForwardedAttachments(db, { actor: input.actor, attachments: forwarded })),
    ];
    throwIfAttachmentsTooLarge(message.attachments.reduce((sum, a) => sum + a.content.length, 0));
    outgoing = await buildOutgoingMime(message);
    // Last before the server: the quota is only taken for a message that is ready to go.
    reservation = await reserveOutgoing(db, { org, now });
  } catch (error) {
    const known = isAppError(error) ? error : new AppError('internal', { cause: error });
    await updateOutgoing(db, row.id, {
      status: 'failed',
      errorCode: known.code,
      errorMessage: known.userMessage,
      errorProblem: known.problem ?? null,
    });
    throw error;
  }
  await updateOutgoing(db, row.id, { quotaMonth: reservation.month });
  const delivery = await deliverAsMailbox(db, mailbox, secret, outgoing);

  if (delivery.outcome !== 'sent') {
    const classified = classifyMailError(delivery.error, {
      kind: 'SMTP',
      host: mailbox.smtpHost,
      port: mailbox.smtpPort,
      security: mailbox.smtpSecurity,
      stage: delivery.stage,
    });
    if (delivery.outcome === 'refused') {
      await releaseOutgoing(db, reservation);
      let problem = classified.problem;
      let errorMessage = classified.userMessage;
      if (classified.code === 'mail_auth_failed') {
        // A refused grant is worded by refreshMailboxAccessToken, which also marked the mailbox.
        problem = isOAuthProviderId(mailbox.oauthProvider)
          ? { key: 'mailbox.oauthGrantRevoked', values: { provider: oauthProviderLabels[mailbox.oauthProvider] } }
          : { key: 'send.smtpPasswordRefused', values: { host: mailbox.smtpHost } };
        errorMessage = englishProblem(problem);
        await markSmtpPasswordRefused(db, mailbox.id, errorMessage, problem);
      }
      return resultOf(
        await updateOutgoing(db, row.id, {
          status: 'failed',
          quotaMonth: null,
          errorCode: classified.code,
          errorMessage,
          errorProblem: problem ?? null,
        }),
      );
    }
    return resultOf(
      await updateOutgoing(db, row.id, {
        status: 'delivery_unknown',
        errorCode: classified.code,
        errorMessage: englishProblem(DELIVERY_UNKNOWN),
        errorProblem: DELIVERY_UNKNOWN,
      }),
    );
  }

  // Recorded as sent at once: whatever happens next, this key must never send again.
  // Kept with the row (English and problem); no result reports it.
  const refused: Problem | null =
    delivery.rejected.length > 0
      ? { key: 'send.recipientsRefused', values: { recipients: delivery.rejected.join(', ') } }
      : null;
  await updateOutgoing(db, row.id, {
    status: 'sent',
    sentAt: now,
    errorMessage: refused ? englishProblem(refused) : null,
    errorProblem: refused,
  });
  if (uploadIds.length > 0)
    await db
      .delete(composeUploads)
      .where(and(eq(composeUploads.userId, userId), inArray(composeUploads.id, uploadIds)));
  const sentCopy = await buildOutgoingMime({ ...message, keepBcc: true });
  const savedToSent = await saveSentCopy(db, mailbox, sentCopy.raw, now);
  if (reply) await markAnswered(db, reply);
  return resultOf(await updateOutgoing(db, row.id, { savedToSent }));
}

/**
 * As a sync does when IMAP refuses the password: the mailbox asks for a new one (updateMailboxPassword clears
 * this), and syncing waits for it rather than failing logins over and over.
 */
async function markSmtpPasswordRefused(db: Db, mailboxId: string, message: string, problem: Problem): Promise<void> {
  await db
    .update(mailboxes)
    .set({
      requiresReauth: true,
      lastErrorCode: 'mail_auth_failed',
      lastErrorMessage: message,
      lastErrorProblem: problem,
      lastErrorAt: new Date(),
    })
    .where(eq(mailboxes.id, mailboxId));
}
