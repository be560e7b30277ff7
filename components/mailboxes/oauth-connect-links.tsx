'use client';

import { useTranslations } from 'next-intl';
import { type OAuthProviderId, oauthProviderLabels } from '@/lib/mail/oauth/providers';

const base =
  'inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus';
const primary = `${base} bg-accent text-on-accent hover:bg-accent-hover`;
const secondary = `${base} border border-line-strong bg-surface text-fg hover:bg-surface-subtle`;

/** Where a provider's sign-in starts; with a mailbox id it reconnects that mailbox and keeps its mail. */
export function oauthStartUrl(provider: OAuthProviderId, mailboxId?: string): string {
  const path = `/api/mail/oauth/${provider}/start`;
  return mailboxId ? `${path}?mailboxId=${encodeURIComponent(mailboxId)}` : path;
}

/**
 * "Connect with Google" / "Connect with Microsoft" for the providers the operator registered an app with.
 * Plain links, not fetches: the browser goes to the provider's sign-in page and comes back to the callback.
 * The provider the typed address turned out to use is the primary action.
 */
export function OAuthConnectLinks({
  providers,
  preferred,
}: {
  providers: OAuthProviderId[];
  preferred?: OAuthProviderId;
}) {
  const t = useTranslations('mailboxConnect');
  if (providers.length === 0) return null;
  return (
    <div className="space-y-3" data-testid="oauth-connect">
      <p className="text-sm text-fg-muted">{t('oauthIntro')}</p>
      <div className="flex flex-wrap gap-2">
        {providers.map((provider) => (
          <a
            key={provider}
            href={oauthStartUrl(provider)}
            className={provider === preferred ? primary : secondary}
            data-provider={provider}
          >
            {t('connectWith', { provider: oauthProviderLabels[provider] })}
          </a>
        ))}
      </div>
      <p className="border-t border-line pt-3 text-sm text-fg-muted">{t('orPassword')}</p>
    </div>
  );
}
