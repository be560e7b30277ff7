'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useState, type FormEvent } from 'react';
import Link from 'next/link';
import type { MailboxAccessLevel } from '@/db/schema';
import type { MailboxView } from '@/lib/mail/mailboxes/mailbox-view';
import {
  isOAuthProviderId,
  type OAuthProviderId,
  oauthProviderForPreset,
  oauthProviderLabels,
} from '@/lib/mail/oauth/providers';
import { storedErrorText } from '@/lib/mail/stored-error';
import type { ActionState } from '@/server/action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { RelativeTime } from '../ui/relative-time';
import { TextField } from '../ui/field';
import { oauthStartUrl } from './oauth-connect-links';

type Action<T = void> = (previous: ActionState<T>, data: FormData) => Promise<ActionState<T>>;
type Actions = { sync: Action; reconnect: Action; remove: Action<{ email: string }> };

function useMailboxAction<T>(action: Action<T>, mailboxId: string) {
  const [state, run, pending] = useActionState(action, null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    data.set('mailboxId', mailboxId);
    startTransition(() => run(data));
  };
  return { state, submit, pending };
}

export function MailboxCard({
  mailbox,
  access,
  canManage,
  actions,
  oauthProviders = [],
}: {
  mailbox: MailboxView;
  access: 'owner' | MailboxAccessLevel;
  canManage: boolean;
  actions: Actions;
  /** The sign-ins the operator set up: a Gmail/Outlook password mailbox is offered to switch to its own. */
  oauthProviders?: OAuthProviderId[];
}) {
  const t = useTranslations('mailboxSettings');
  const tAccess = useTranslations('mailboxAccess');
  const tProblems = useTranslations('problems');
  const tConnect = useTranslations('mailboxConnect');
  // A mailbox that signs in with an OAuth2 grant has no password to replace: it reconnects at its provider.
  const oauth = isOAuthProviderId(mailbox.oauthProvider) ? mailbox.oauthProvider : null;
  const oauthLabel = oauth ? oauthProviderLabels[oauth] : '';
  const presetSignIn = oauth ? null : oauthProviderForPreset(mailbox.provider);
  const switchTo = presetSignIn && oauthProviders.includes(presetSignIn) ? presetSignIn : null;
  const signInLink = oauth
    ? { provider: oauth, label: tConnect('reconnectWith', { provider: oauthLabel }) }
    : switchTo
      ? { provider: switchTo, label: tConnect('switchTo', { provider: oauthProviderLabels[switchTo] }) }
      : null;
  const sync = useMailboxAction(actions.sync, mailbox.id);
  const reconnect = useMailboxAction(actions.reconnect, mailbox.id);
  const remove = useMailboxAction(actions.remove, mailbox.id);
  const [showReconnect, setShowReconnect] = useState(mailbox.requiresReauth && !oauth);
  const importing =
    mailbox.syncState === 'importing' || (mailbox.importTotal > 0 && mailbox.importDone < mailbox.importTotal);
  const failure = [sync, reconnect, remove].map((a) => a.state).find((s) => s && !s.ok);

  if (remove.state?.ok) return <Alert tone="success">{t('removed', { email: remove.state.data.email })}</Alert>;
  return (
    <section
      className="rounded-lg border border-line bg-surface p-4 shadow-sm"
      data-testid="mailbox-card"
      data-email={mailbox.email}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="truncate font-medium">
            {mailbox.email}
            {access === 'owner' ? null : (
              <span
                className="ml-2 rounded bg-surface-muted px-1.5 py-0.5 text-xs font-normal text-fg-muted"
                data-testid="mailbox-access-level"
              >
                {tAccess(`levels.${access}`)}
              </span>
            )}
          </p>
          <p className="text-sm text-fg-muted" data-testid="mailbox-state">
            {mailbox.status === 'disabled' ? t('status.disabled') : t(`state.${mailbox.syncState}`)}
            {mailbox.lastSyncAt ? (
              <RelativeTime value={mailbox.lastSyncAt}>{(when) => ` · ${t('lastSync', { when })}`}</RelativeTime>
            ) : (
              ` · ${t('neverSynced')}`
            )}
          </p>
          {oauth ? (
            <p className="text-sm text-fg-muted" data-testid="mailbox-oauth">
              {tConnect('signsInWith', { provider: oauthLabel })}
            </p>
          ) : null}
          {importing ? (
            <p className="text-sm text-fg-muted" data-testid="mailbox-progress">
              {t('progress', { done: mailbox.importDone, total: mailbox.importTotal })}
            </p>
          ) : null}
          {mailbox.disabledReason === 'plan_limit' ||
          mailbox.disabledReason === 'admin' ||
          mailbox.disabledReason === 'owner_departed' ? (
            <p className="text-sm text-warning-fg">{t(`disabledReason.${mailbox.disabledReason}`)}</p>
          ) : null}
        </div>
        <div className="flex gap-2">
          <form onSubmit={sync.submit}>
            <Button
              type="submit"
              variant="secondary"
              disabled={sync.pending || mailbox.status === 'disabled' || mailbox.requiresReauth}
            >
              {t('syncNow')}
            </Button>
          </form>
          {canManage ? (
            <>
              <Link
                href={`/settings/mailboxes/${mailbox.id}`}
                className="inline-flex items-center rounded-md border border-line-strong bg-surface px-3.5 py-2 text-sm font-medium text-fg hover:bg-surface-subtle"
              >
                {t('settings')}
              </Link>
              {oauth ? null : (
                <Button type="button" variant="secondary" onClick={() => setShowReconnect((v) => !v)}>
                  {t('reconnect')}
                </Button>
              )}
              <form
                onSubmit={(event) =>
                  window.confirm(t('confirmRemove', { email: mailbox.email }))
                    ? remove.submit(event)
                    : event.preventDefault()
                }
              >
                <Button type="submit" variant="ghost" disabled={remove.pending}>
                  {t('remove')}
                </Button>
              </form>
            </>
          ) : null}
        </div>
      </div>
      {mailbox.requiresReauth && !oauth ? (
        <div className="mt-3">
          <Alert>{t('needsPassword')}</Alert>
        </div>
      ) : null}
      {canManage && !mailbox.requiresReauth && signInLink ? (
        // Reconnect is also the repair for other lasting errors; a Gmail/Outlook password mailbox can move to
        // the provider's sign-in in place (its mail and links stay).
        <p className="mt-2 text-sm">
          <a
            href={oauthStartUrl(signInLink.provider, mailbox.id)}
            className="text-accent-fg hover:underline focus-visible:outline-2 focus-visible:outline-focus"
          >
            {signInLink.label}
          </a>
        </p>
      ) : null}
      {mailbox.requiresReauth && oauth ? (
        <div className="mt-3 space-y-2">
          <Alert>{tConnect('grantLost', { provider: oauthLabel })}</Alert>
          {canManage ? (
            <a
              href={oauthStartUrl(oauth, mailbox.id)}
              className="inline-flex items-center rounded-md bg-accent px-3.5 py-2 text-sm font-medium text-on-accent hover:bg-accent-hover focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            >
              {tConnect('reconnectWith', { provider: oauthLabel })}
            </a>
          ) : null}
        </div>
      ) : null}
      {!mailbox.requiresReauth && mailbox.syncState === 'error' && mailbox.lastErrorMessage ? (
        <div className="mt-3">
          <Alert>{storedErrorText(tProblems, mailbox.lastErrorProblem, mailbox.lastErrorMessage)}</Alert>
        </div>
      ) : null}
      {failure && !failure.ok ? (
        <div className="mt-3">
          <Alert>{failure.error}</Alert>
        </div>
      ) : null}
      {sync.state?.ok ? <p className="mt-2 text-sm text-success-fg">{t('syncRequested')}</p> : null}
      {reconnect.state?.ok ? <p className="mt-2 text-sm text-success-fg">{t('reconnected')}</p> : null}
      {showReconnect && canManage && !oauth && !reconnect.state?.ok ? (
        <form onSubmit={reconnect.submit} className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="flex-1">
            <TextField label={t('newPassword')} name="password" type="password" required autoComplete="new-password" />
          </div>
          <Button type="submit" disabled={reconnect.pending}>
            {t('saveReconnect')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
