'use client';

import { useTranslations } from 'next-intl';
import type { DiscoveredServer } from '@/lib/mail/discovery/discovery-types';
import type { DiscoveryState } from './use-server-discovery';

function ServerLine({ kind, server }: { kind: 'IMAP' | 'SMTP'; server: DiscoveredServer }) {
  const t = useTranslations('mailboxConnect');
  const security = server.security === 'none' ? t('unencrypted') : server.security.toUpperCase();
  return (
    <li>
      {kind} <span className="font-mono text-xs">{`${server.host}:${server.port}`}</span> {security}
    </li>
  );
}

/**
 * What the lookup of the address found, said once it is known (a live region, so a screen reader hears it
 * without leaving the field). Nothing for an address not looked up yet.
 */
export function DiscoveryNotice({ state }: { state: DiscoveryState }) {
  const t = useTranslations('mailboxConnect');
  const text = (() => {
    switch (state.status) {
      case 'idle':
        return null;
      case 'looking':
        return <p>{t('looking', { domain: state.domain })}</p>;
      case 'none':
        return <p>{t('notFound', { domain: state.domain })}</p>;
      case 'failed':
        return <p className="text-danger-fg">{t('lookupFailed', { reason: state.message })}</p>;
      case 'found': {
        const { result } = state;
        const source = result.source === 'none' ? 'guess' : result.source;
        return (
          <>
            <p>{t(`found.${source}`, { domain: state.domain, label: result.label ?? state.domain })}</p>
            <ul className="ml-1">
              {result.imap ? <ServerLine kind="IMAP" server={result.imap} /> : null}
              {result.smtp ? <ServerLine kind="SMTP" server={result.smtp} /> : null}
            </ul>
            <p>{t('checkBelow')}</p>
          </>
        );
      }
    }
  })();
  return (
    <div role="status" aria-live="polite" className="space-y-1 text-sm text-fg-muted" data-testid="discovery-notice">
      {text}
    </div>
  );
}
