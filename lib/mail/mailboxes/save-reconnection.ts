import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes, type Mailbox } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { oauthRefreshLockKey } from '../oauth/refresh-lock';
import type { StoredCredentials } from '../settings';
import { encryptCredentials, toMailboxView, type MailboxView } from './mailbox-view';

/**
 * "Reconnect" (a new password, or a new OAuth2 grant), after both servers accepted it: stores the credentials,
 * clears the pending re-authentication and the last error, and audits. `changes` are further columns the
 * reconnection sets (an OAuth2 mailbox takes the provider's current servers).
 */
export async function saveReconnection(
  db: Db,
  options: {
    mailbox: Pick<Mailbox, 'id' | 'orgId' | 'email'>;
    actor: Actor;
    credentials: StoredCredentials;
    changes?: Partial<
      Pick<
        Mailbox,
        | 'oauthProvider'
        | 'provider'
        | 'imapHost'
        | 'imapPort'
        | 'imapSecurity'
        | 'imapLogin'
        | 'smtpHost'
        | 'smtpPort'
        | 'smtpSecurity'
        | 'smtpLogin'
      >
    >;
    audit?: Record<string, string>;
  },
): Promise<MailboxView> {
  const { mailbox } = options;
  return db.transaction(async (tx) => {
    // The lock of refreshMailboxAccessToken: a refresh with the old grant still waiting on the provider must
    // not overwrite the new credentials, nor mark the mailbox again once its answer comes.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${oauthRefreshLockKey(mailbox.id)}, 0))`);
    const [updated] = await tx
      .update(mailboxes)
      .set({
        ...options.changes,
        credentialsCiphertext: encryptCredentials(mailbox.id, options.credentials),
        requiresReauth: false,
        lastErrorCode: null,
        lastErrorMessage: null,
        lastErrorProblem: null,
        lastErrorAt: null,
        updatedAt: new Date(),
      })
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.reconnected',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: { email: mailbox.email, ...options.audit },
    });
    return toMailboxView(updated!);
  });
}
