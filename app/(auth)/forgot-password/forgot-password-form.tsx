'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { forgotPasswordAction } from './actions';

export function ForgotPasswordForm() {
  const t = useTranslations('passwordReset');
  const [state, action, pending] = useActionState(forgotPasswordAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <Card title={t('title')}>
      {state?.ok ? (
        <Alert tone="success">{t('sent')}</Alert>
      ) : (
        <form action={action} className="space-y-4">
          <p className="text-sm text-fg-muted">{t('intro')}</p>
          {failed ? <Alert>{failed.error}</Alert> : null}
          <TextField
            label={t('email')}
            name="email"
            type="email"
            required
            autoComplete="username"
            defaultValue={failed?.values?.email}
          />
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? t('sending') : t('submit')}
          </Button>
        </form>
      )}
      <p className="mt-4 text-sm">
        <Link href="/sign-in" className="text-accent-fg underline">
          {t('backToSignIn')}
        </Link>
      </p>
    </Card>
  );
}
