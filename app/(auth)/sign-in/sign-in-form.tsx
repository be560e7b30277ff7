'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { signInAction } from './actions';

/**
 * Email and password; for an account with two-factor the answer asks for a code, and the same form posts the
 * email and password again (kept in this component, never echoed by the server) with the code.
 */
export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('signIn');
  const [state, action, pending] = useActionState(signInAction, null);
  const [credentials, setCredentials] = useState({ email: '', password: '' });
  const [useRecovery, setUseRecovery] = useState(false);
  const failed = state && !state.ok ? state : undefined;
  const secondStep = failed?.values?.step === 'code' && credentials.password !== '';

  function remember(event: FormEvent<HTMLFormElement>) {
    if (secondStep) return;
    const data = new FormData(event.currentTarget);
    setCredentials({ email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
  }

  return (
    <Card title={t('title')}>
      <form action={action} onSubmit={remember} className="space-y-4">
        {failed ? <Alert>{failed.error}</Alert> : null}
        {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
        {secondStep ? (
          <>
            <input type="hidden" name="email" value={credentials.email} />
            <input type="hidden" name="password" value={credentials.password} />
            {useRecovery ? (
              <TextField
                key="recovery"
                label={t('recoveryCode')}
                name="recoveryCode"
                required
                autoComplete="off"
                autoFocus
                hint={t('recoveryCodeHint')}
              />
            ) : (
              <TextField
                key="code"
                label={t('code')}
                name="code"
                required
                inputMode="numeric"
                autoComplete="one-time-code"
                autoFocus
                hint={t('codeHint')}
              />
            )}
            <button
              type="button"
              className="text-sm text-accent-fg underline"
              onClick={() => setUseRecovery(!useRecovery)}
            >
              {useRecovery ? t('useCode') : t('useRecoveryCode')}
            </button>
          </>
        ) : (
          <>
            <TextField
              label={t('email')}
              name="email"
              type="email"
              required
              autoComplete="username"
              defaultValue={failed?.values?.email}
            />
            <TextField label={t('password')} name="password" type="password" required autoComplete="current-password" />
          </>
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? t('submitting') : secondStep ? t('verify') : t('submit')}
        </Button>
        <p className="text-center text-sm">
          {secondStep ? (
            // A full page load starts the sign-in over with an empty form.
            <a href="/sign-in" className="text-fg-muted underline">
              {t('startOver')}
            </a>
          ) : (
            <Link href="/forgot-password" className="text-fg-muted underline">
              {t('forgotPassword')}
            </Link>
          )}
        </p>
      </form>
    </Card>
  );
}
