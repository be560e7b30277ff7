'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { LocalTime } from '../ui/local-time';

export type InvitationState = { email: string; mailFailed: boolean; link: string | null; expiresAt: string };

/**
 * What became of an invitation: mailed, or a one-time link shown this once to pass on (only its hash is kept;
 * a lost one is re-issued). The link sits in a read-only field too, for when the clipboard is not available.
 */
export function InvitationResult({ invitation }: { invitation: InvitationState }) {
  const t = useTranslations('usersSettings');
  const [copied, setCopied] = useState(false);
  if (!invitation.link) {
    return <Alert tone="success">{t('invitationMailed', { email: invitation.email })}</Alert>;
  }
  const link = invitation.link;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Alert tone="success">
      <p>
        {invitation.mailFailed
          ? t('invitationMailFailed', { email: invitation.email })
          : t('invitationLinkIntro', { email: invitation.email })}{' '}
        {t.rich('invitationExpires', { when: () => <LocalTime value={invitation.expiresAt} /> })}.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          readOnly
          value={link}
          aria-label={t('invitationLink')}
          data-testid="invitation-link"
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-success-line bg-surface px-2 py-1 font-mono text-xs text-fg"
        />
        <Button type="button" variant="secondary" onClick={() => void copy()}>
          {copied ? t('copied') : t('copyLink')}
        </Button>
      </div>
    </Alert>
  );
}
