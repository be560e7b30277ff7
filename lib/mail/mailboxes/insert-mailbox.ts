import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes, users, type Organization, type User } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError, isUniqueViolation } from '../../errors';
import { throwIfMailboxLimitReached } from '../../plans/guards';
import type { ServerSettings, StoredCredentials } from '../settings';
import { encryptCredentials, toMailboxView, type MailboxView } from './mailbox-view';

/**
 * Saves a mailbox whose servers accepted its login (with a password or an OAuth2 token), with its credentials
 * encrypted, and audits it. The plan's limit is checked again under a lock on the owner, so two connects at
 * once cannot both take its last place; an address already connected in the organization is a conflict.
 */
export async function insertMailbox(
  db: Db,
  options: {
    owner: User | null;
    org: Organization;
    email: string;
    provider: string;
    oauthProvider?: 'google' | 'microsoft';
    displayName: string | null;
    imap: ServerSettings;
    smtp: ServerSettings;
    credentials: StoredCredentials;
    actor: Actor;
    now?: Date;
  },
): Promise<MailboxView> {
  const { owner, org, imap, smtp, actor } = options;
  const id = randomUUID();
  try {
    return await db.transaction(async (tx) => {
      if (owner) {
        await tx.select({ id: users.id }).from(users).where(eq(users.id, owner.id)).for('update');
        await throwIfMailboxLimitReached(tx, { org, userId: owner.id, now: options.now });
      }
      const [mailbox] = await tx
        .insert(mailboxes)
        .values({
          id,
          orgId: org.id,
          ownerUserId: owner?.id ?? null,
          email: options.email,
          provider: options.provider,
          oauthProvider: options.oauthProvider ?? null,
          displayName: options.displayName,
          imapHost: imap.host,
          imapPort: imap.port,
          imapSecurity: imap.security,
          imapLogin: imap.login,
          smtpHost: smtp.host,
          smtpPort: smtp.port,
          smtpSecurity: smtp.security,
          smtpLogin: smtp.login,
          credentialsCiphertext: encryptCredentials(id, options.credentials),
          connectedAt: options.now ?? new Date(),
        })
        .returning();
      await writeAuditEntry(tx, {
        orgId: org.id,
        actor,
        action: 'mailbox.connected',
        targetType: 'mailbox',
        targetId: id,
        data: {
          email: options.email,
          owner: owner?.email ?? null,
          ...(options.oauthProvider ? { login: `oauth2:${options.oauthProvider}` } : {}),
        },
      });
      return toMailboxView(mailbox!);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'mailboxes_org_email_key')) {
      throw new AppError('conflict', {
        problem: { key: 'mailbox.alreadyConnected', values: { email: options.email } },
        cause: error,
      });
    }
    throw error;
  }
}
