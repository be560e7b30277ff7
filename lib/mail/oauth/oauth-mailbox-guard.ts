import type { Mailbox } from '@/db/schema';
import { AppError } from '../../errors';
import { isOAuthProviderId, oauthProviderLabels } from './providers';

/**
 * A mailbox connected with Google or Microsoft has no password to change and its servers are the provider's:
 * the way to repair its login is "Reconnect with …", which runs the consent again.
 */
export function throwIfOAuthMailbox(mailbox: Pick<Mailbox, 'oauthProvider'>): void {
  if (!isOAuthProviderId(mailbox.oauthProvider)) return;
  throw new AppError('validation', {
    problem: { key: 'mailbox.oauthNoPassword', values: { provider: oauthProviderLabels[mailbox.oauthProvider] } },
  });
}
