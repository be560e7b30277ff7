import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Db } from '@/db/client';
import type { AddressJson } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError, isAppError } from '../../errors';
import { releaseOutgoing, reserveOutgoing } from '../../plans/outgoing-quota';
import { classifyMailError } from '../errors';
import { mailboxSecret } from '../oauth/mailbox-access-token';
import type { MailSecret } from '../settings';
import { newMessageId } from './build-outgoing-mime';
import { uploaderOf } from './create-upload';
import { deliverAsMailbox } from './deliver-as-mailbox';
import { claimOutgoing, updateOutgoing } from './outbox-row';
import { normalizeSubject, parseAddress } from './outgoing-fields';
import { senderAddress } from './sender-address';
import { loadSendingMailbox } from './sending-mailbox';

export type ImipReplyInput = {
  actor: Actor;
  mailboxId: string;
  organizer: AddressJson;
  subject: string;
  text: string;
  /** The VCALENDAR with METHOD:REPLY, already serialised. */
  calendar: string;
  inReplyTo?: string | null;
  now?: Date;
};

/**
 * An iMIP REPLY (RFC 6047 §2.4): a short text part and the text/calendar part with method=REPLY, sent from the
 * mailbox to the organizer over the mailbox's SMTP server — the same checks (send right, plan, enabled
 * mailbox), outbox row, monthly quota and delivery as any message (send-message.ts). Not copied to Sent:
 * calendar clients do not file replies there either. Throws when the server refuses it.
 */
export async function sendImipReply(db: Db, input: ImipReplyInput): Promise<{ messageIdHeader: string }> {
  const now = input.now ?? new Date();
  const { userId } = uploaderOf(input.actor);
  const { mailbox, org } = await loadSendingMailbox(db, { actor: input.actor, mailboxId: input.mailboxId, now });
  const from = parseAddress(await senderAddress(db, mailbox, input.actor), 'from');
  const to = parseAddress(input.organizer, 'to');
  const subject = normalizeSubject(input.subject);
  const claim = await claimOutgoing(db, {
    orgId: mailbox.orgId,
    mailboxId: mailbox.id,
    userId,
    // Every answer is its own message: a second click after a change of mind must send again.
    clientKey: `imip-reply:${randomUUID()}`,
    messageIdHeader: newMessageId(mailbox.email),
    subject,
    recipients: [to],
  });
  const row = claim.row;
  let reservation: Awaited<ReturnType<typeof reserveOutgoing>>;
  let secret: MailSecret;
  let raw: Buffer;
  try {
    secret = await mailboxSecret(db, mailbox, 'smtp');
    raw = await new MailComposer({
      from,
      to: [to],
      subject,
      messageId: row.messageIdHeader,
      date: now,
      ...(input.inReplyTo ? { inReplyTo: input.inReplyTo, references: input.inReplyTo } : {}),
      text: input.text,
      alternatives: [{ contentType: 'text/calendar; charset=utf-8; method=REPLY', content: input.calendar }],
      disableFileAccess: true,
      disableUrlAccess: true,
    })
      .compile()
      .build();
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
  const delivery = await deliverAsMailbox(db, mailbox, secret, {
    envelope: { from: from.address, to: [to.address] },
    raw,
  });
  if (delivery.outcome === 'sent') {
    await updateOutgoing(db, row.id, { status: 'sent', sentAt: now });
    return { messageIdHeader: row.messageIdHeader };
  }
  const error = classifyMailError(delivery.error, {
    kind: 'SMTP',
    host: mailbox.smtpHost,
    port: mailbox.smtpPort,
    security: mailbox.smtpSecurity,
    stage: delivery.stage,
  });
  if (delivery.outcome === 'refused') await releaseOutgoing(db, reservation);
  await updateOutgoing(db, row.id, {
    status: delivery.outcome === 'refused' ? 'failed' : 'delivery_unknown',
    quotaMonth: delivery.outcome === 'refused' ? null : reservation.month,
    errorCode: error.code,
    errorMessage: error.userMessage,
    errorProblem: error.problem ?? null,
  });
  throw error;
}
