import type { Mailbox } from '@/db/schema';
import { decryptSecret, encryptSecret } from '../../crypto/secret-box';
import type { MailCredentials } from '../settings';

/** A mailbox as it may leave the server: everything but the encrypted credentials. */
export type MailboxView = Omit<Mailbox, 'credentialsCiphertext'>;

export function toMailboxView({ credentialsCiphertext: _secret, ...view }: Mailbox): MailboxView {
  return view;
}

// The mailbox id is the associated data: a ciphertext copied onto another mailbox row does not decrypt.
const credentialsContext = (mailboxId: string) => `mailbox:${mailboxId}:credentials`;

export function encryptCredentials(mailboxId: string, credentials: MailCredentials): string {
  return encryptSecret(JSON.stringify(credentials), credentialsContext(mailboxId));
}

/** Server-side only (sync and send); never pass the result to a page or an API response. */
export function decryptCredentials(mailbox: Pick<Mailbox, 'id' | 'credentialsCiphertext'>): MailCredentials {
  return JSON.parse(decryptSecret(mailbox.credentialsCiphertext, credentialsContext(mailbox.id))) as MailCredentials;
}
