import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { parseInput } from '../../validation';
import { sanitizeForSending } from '../send/sanitize-for-sending';
import { toMailboxView, type MailboxView } from './mailbox-view';

const blankToNull = (max: number, problemKey: string) =>
  z
    .string()
    .trim()
    .max(max, { error: problemKey })
    .transform((v) => (v === '' ? null : v));

export const mailboxProfileSchema = z.object({
  displayName: blankToNull(200, 'field.displayNameTooLong'),
  senderName: blankToNull(200, 'field.senderNameTooLong'),
  signatureHtml: blankToNull(20_000, 'field.signatureTooLong'),
  sendingRoute: z.enum(['own', 'relay'], { error: 'field.sendingRoute' }),
});

// An editor emptied by the user still holds "<p></p>": no words and no picture is no signature.
const signatureOf = (body: { html: string; text: string }) =>
  body.text.trim() === '' && !/<img\b/i.test(body.html) ? null : body.html;

/**
 * Display name, sender name, signature and sending route, by whoever manages the mailbox. The signature goes
 * into every grantee's compose window, so it is sanitized like outgoing mail before it is stored.
 */
export async function updateMailboxProfile(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; profile: Record<string, unknown> },
): Promise<MailboxView> {
  const profile = parseInput(mailboxProfileSchema, options.profile);
  // Before the transaction: sanitizing waits for the HTML workers, and a transaction should not.
  const signatureHtml =
    profile.signatureHtml === null ? null : signatureOf(await sanitizeForSending(profile.signatureHtml));
  return db.transaction(async (tx) => {
    const mailbox = await getMailboxForActor(tx, {
      mailboxId: options.mailboxId,
      actor: options.actor,
      permission: 'manage',
    });
    const next = {
      displayName: profile.displayName,
      senderName: profile.senderName,
      signatureHtml,
      sendingRoute: profile.sendingRoute,
    };
    const changed = (Object.keys(next) as Array<keyof typeof next>).filter((key) => next[key] !== mailbox[key]);
    if (changed.length === 0) return toMailboxView(mailbox);
    const [updated] = await tx
      .update(mailboxes)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    // Field names only: a signature's text is not the audit log's business.
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.updated',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: { email: mailbox.email, changed },
    });
    return toMailboxView(updated!);
  });
}
