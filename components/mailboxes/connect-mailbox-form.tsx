'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useCallback, useState, type FormEvent } from 'react';
import type { DiscoveryResult } from '@/lib/mail/discovery/discovery-types';
import { type OAuthProviderId, oauthProviderLabels } from '@/lib/mail/oauth/providers';
import type { ActionState } from '@/server/action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField, TextField } from '../ui/field';
import { DiscoveryNotice } from './discovery-notice';
import { OAuthConnectLinks } from './oauth-connect-links';
import { ServerFields } from './server-fields';
import { useConnectValues } from './use-connect-values';
import { useServerDiscovery } from './use-server-discovery';

type Preset = { id: string; label: string; note?: string; custom: boolean };
type ConnectAction = (
  previous: ActionState<{ email: string }>,
  data: FormData,
) => Promise<ActionState<{ email: string }>>;

export function ConnectMailboxForm({
  presets,
  action,
  oauthProviders = [],
}: {
  presets: Preset[];
  action: ConnectAction;
  /** The providers the operator registered an app with (configuredOAuthProviders()). */
  oauthProviders?: OAuthProviderId[];
}) {
  const t = useTranslations('mailboxSettings');
  const tConnect = useTranslations('mailboxConnect');
  const [email, setEmail] = useState('');
  // The provider the user chose, and the one the lookup found for the address typed (which wins until the
  // user chooses again or types another address). Server fields show for a provider without servers of its
  // own, or once the lookup filled them in.
  const [chosen, setChosen] = useState(presets[0]!.id);
  const [discovered, setDiscovered] = useState<string | null>(null);
  const provider = discovered ?? chosen;
  const fields = useConnectValues();
  const { applyDiscovery, clearUntyped } = fields;
  const onStart = useCallback(() => {
    setDiscovered(null);
    clearUntyped();
  }, [clearUntyped]);
  const onFound = useCallback(
    (result: DiscoveryResult, asked: string) => {
      setDiscovered(presets.some((p) => p.id === result.provider) ? result.provider! : 'other');
      applyDiscovery(result, asked);
    },
    [presets, applyDiscovery],
  );
  const discovery = useServerDiscovery({ onStart, onFound });
  // Bumped after each successful connect: the fields are drawn afresh, so the password (and the address and
  // servers) of the mailbox just connected do not stay in the form; the chosen provider stays for the next one.
  const [connected, setConnected] = useState(0);
  const [state, run, pending] = useActionState(async (previous: ActionState<{ email: string }>, data: FormData) => {
    const next = await action(previous, data);
    if (next?.ok) {
      setConnected((n) => n + 1);
      setEmail('');
      setDiscovered(null);
      fields.reset();
      discovery.reset();
    }
    return next;
  }, null);
  const preset = presets.find((p) => p.id === provider)!;
  const found = discovery.state.status === 'found' ? discovery.state : null;
  const oauth = found?.result.oauthProvider;
  const preferred = oauth && oauthProviders.includes(oauth) ? oauth : undefined;
  // A transition instead of <form action>: React's reset after an action would empty a form that failed.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  };
  return (
    <div className="space-y-4">
      <OAuthConnectLinks providers={oauthProviders} preferred={preferred} />
      <form onSubmit={submit} className="space-y-4" data-testid="connect-mailbox">
        {state?.ok ? <Alert tone="success">{t('connected', { email: state.data.email })}</Alert> : null}
        {state && !state.ok ? <Alert>{state.error}</Alert> : null}
        <div key={connected} className="space-y-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="flex items-end gap-2">
              <div className="min-w-0 flex-1">
                <TextField
                  label={t('email')}
                  name="email"
                  type="email"
                  required
                  autoComplete="off"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  onBlur={() => discovery.discover(email)}
                />
              </div>
              <Button type="button" variant="secondary" onClick={() => discovery.discover(email)}>
                {tConnect('continue')}
              </Button>
            </div>
            <TextField label={t('password')} name="password" type="password" required autoComplete="new-password" />
          </div>
          {preferred && found ? (
            <p
              className="rounded-md border-l-4 border-accent bg-surface-subtle px-3 py-2 text-sm text-fg"
              data-testid="oauth-hint"
            >
              {tConnect('withOAuth', { domain: found.domain, provider: oauthProviderLabels[preferred] })}
            </p>
          ) : null}
          <DiscoveryNotice state={discovery.state} />
          <SelectField
            label={t('provider')}
            name="provider"
            value={provider}
            onChange={(e) => {
              setChosen(e.target.value);
              setDiscovered(null);
            }}
            options={presets.map((p) => ({ value: p.id, label: p.label }))}
            hint={preset.note}
          />
          {preset.custom || discovered !== null ? (
            <>
              <TextField
                label={t('login')}
                name="login"
                autoComplete="off"
                value={fields.values.login}
                onChange={(e) => fields.setLogin(e.target.value)}
              />
              {(['imap', 'smtp'] as const).map((kind) => (
                <ServerFields
                  key={kind}
                  prefix={kind}
                  legend={t(kind === 'imap' ? 'imapServer' : 'smtpServer')}
                  value={fields.values[kind]}
                  required={preset.custom}
                  onChange={(field, value) => fields.setServerField(kind, field, value)}
                />
              ))}
            </>
          ) : null}
        </div>
        <Button type="submit" variant={preferred ? 'secondary' : 'primary'} disabled={pending}>
          {pending ? t('submitting') : t('submit')}
        </Button>
      </form>
    </div>
  );
}
