import type { Mailbox } from '@/db/schema';
import { decryptSecret, encryptSecret } from '../../crypto/secret-box';
import type { MailCredentials, OAuthCredentials, StoredCredentials } from '../settings';

/** A mailbox as it may leave the server: everything but the encrypted credentials. */
export type MailboxView = Omit<Mailbox, 'credentialsCiphertext'>;

export function toMailboxView({ credentialsCiphertext: _secret, ...view }: Mailbox): MailboxView {
  return view;
}

// The mailbox id is the associated data: a ciphertext copied onto another mailbox row does not decrypt.
const credentialsContext = (mailboxId: string) => `mailbox:${mailboxId}:credentials`;

export function encryptCredentials(mailboxId: string, credentials: StoredCredentials): string {
  return encryptSecret(JSON.stringify(credentials), credentialsContext(mailboxId));
}

/** Server-side only (sync and send); never pass the result to a page or an API response. */
export function decryptCredentials(mailbox: Pick<Mailbox, 'id' | 'credentialsCiphertext'>): StoredCredentials {
  return JSON.parse(decryptSecret(mailbox.credentialsCiphertext, credentialsContext(mailbox.id))) as StoredCredentials;
}

export function isOAuthCredentials(credentials: StoredCredentials): credentials is OAuthCredentials {
  return 'kind' in credentials && credentials.kind === 'oauth2';
}

/** The passwords of a password mailbox; null for one that logs in with an OAuth2 grant. */
export function passwordCredentials(mailbox: Pick<Mailbox, 'id' | 'credentialsCiphertext'>): MailCredentials | null {
  const credentials = decryptCredentials(mailbox);
  return isOAuthCredentials(credentials) ? null : credentials;
}
