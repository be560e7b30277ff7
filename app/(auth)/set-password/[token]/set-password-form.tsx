'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { PasswordField } from '@/components/ui/password-field';
import { setPasswordAction } from './actions';

export function SetPasswordForm({
  token,
  email,
  name,
  invitation,
}: {
  token: string;
  email: string;
  name: string;
  invitation: boolean;
}) {
  const t = useTranslations('setPassword');
  const [state, action, pending] = useActionState(setPasswordAction, null);
  const failed = state && !state.ok ? state : undefined;
  if (state?.ok) {
    return (
      <Card title={t('title')}>
        <Alert tone="success">{t('done', { email: state.data.email })}</Alert>
        <p className="mt-4">
          <Link
            href="/sign-in"
            className="inline-flex rounded-md bg-accent px-3.5 py-2 text-sm font-medium text-on-accent hover:bg-accent-hover"
          >
            {t('signIn')}
          </Link>
        </p>
      </Card>
    );
  }
  return (
    <Card title={invitation ? t('welcome', { name }) : t('title')}>
      <form action={action} className="space-y-4">
        <p className="text-sm text-fg-muted">{invitation ? t('introInvite', { email }) : t('introReset', { email })}</p>
        {failed && !failed.fieldErrors ? <Alert>{failed.error}</Alert> : null}
        <input type="hidden" name="token" value={token} />
        {/* Lets password managers store the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
        <PasswordField
          label={t('password')}
          name="password"
          required
          minLength={10}
          email={email}
          userName={name}
          hint={t('passwordHint')}
          error={failed?.fieldErrors?.password}
        />
        <TextField
          label={t('confirm')}
          name="confirm"
          type="password"
          required
          autoComplete="new-password"
          error={failed?.fieldErrors?.confirm}
        />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? t('saving') : t('submit')}
        </Button>
      </form>
    </Card>
  );
}
