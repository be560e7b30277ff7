import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { revokeMailboxGrant } from '../oauth/revoke-grant';

/**
 * Removes the mailbox from Mailroom with its local folders, messages and attachments. The mail server keeps
 * everything; reconnecting imports it again. A Google mailbox's grant is revoked at Google afterwards.
 */
export async function removeMailbox(
  db: Db,
  options: { mailboxId: string; actor: Actor },
): Promise<{ id: string; email: string }> {
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'manage',
  });
  await db.transaction(async (tx) => {
    await tx.delete(mailboxes).where(eq(mailboxes.id, mailbox.id));
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.removed',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: { email: mailbox.email },
    });
  });
  if (mailbox.oauthProvider) await revokeMailboxGrant(db, mailbox);
  return { id: mailbox.id, email: mailbox.email };
}
