'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useState, type FormEvent } from 'react';
import type { ActionState } from '@/server/action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField, TextField } from '../ui/field';

type Preset = { id: string; label: string; note?: string; custom: boolean };
type ConnectAction = (
  previous: ActionState<{ email: string }>,
  data: FormData,
) => Promise<ActionState<{ email: string }>>;

function ServerFields({
  prefix,
  legend,
  defaultPort,
}: {
  prefix: 'imap' | 'smtp';
  legend: string;
  defaultPort: number;
}) {
  const t = useTranslations('mailboxSettings');
  const [security, setSecurity] = useState('tls');
  return (
    <fieldset className="grid gap-3 sm:grid-cols-[1fr_6rem_10rem]">
      <legend className="mb-1 text-sm font-semibold text-fg">{legend}</legend>
      <TextField label={t('host')} name={`${prefix}Host`} required placeholder={`${prefix}.example.com`} />
      <TextField
        label={t('port')}
        name={`${prefix}Port`}
        required
        inputMode="numeric"
        defaultValue={String(defaultPort)}
      />
      <SelectField
        label={t('security')}
        name={`${prefix}Security`}
        value={security}
        onChange={(e) => setSecurity(e.target.value)}
        options={(['tls', 'starttls', 'none'] as const).map((value) => ({
          value,
          label: t(`securityOptions.${value}`),
        }))}
      />
      {security === 'none' ? <p className="text-xs text-warning-fg sm:col-span-3">{t('insecureWarning')}</p> : null}
    </fieldset>
  );
}

export function ConnectMailboxForm({ presets, action }: { presets: Preset[]; action: ConnectAction }) {
  const t = useTranslations('mailboxSettings');
  const [provider, setProvider] = useState(presets[0]!.id);
  // Bumped after each successful connect: the fields are drawn afresh, so the password (and the address and
  // servers) of the mailbox just connected do not stay in the form; the chosen provider stays for the next one.
  const [connected, setConnected] = useState(0);
  const [state, run, pending] = useActionState(async (previous: ActionState<{ email: string }>, data: FormData) => {
    const next = await action(previous, data);
    if (next?.ok) setConnected((n) => n + 1);
    return next;
  }, null);
  const preset = presets.find((p) => p.id === provider)!;
  // A transition instead of <form action>: React's reset after an action would empty a form that failed.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  };
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="connect-mailbox">
      {state?.ok ? <Alert tone="success">{t('connected', { email: state.data.email })}</Alert> : null}
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
      <SelectField
        label={t('provider')}
        name="provider"
        value={provider}
        onChange={(e) => setProvider(e.target.value)}
        options={presets.map((p) => ({ value: p.id, label: p.label }))}
        hint={preset.note}
      />
      <div key={connected} className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label={t('email')} name="email" type="email" required autoComplete="off" />
          <TextField label={t('password')} name="password" type="password" required autoComplete="new-password" />
        </div>
        {preset.custom ? (
          <>
            <TextField label={t('login')} name="login" autoComplete="off" />
            <ServerFields prefix="imap" legend={t('imapServer')} defaultPort={993} />
            <ServerFields prefix="smtp" legend={t('smtpServer')} defaultPort={465} />
          </>
        ) : null}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t('submitting') : t('submit')}
      </Button>
    </form>
  );
}
