'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { signInAction } from './actions';

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('signIn');
  const [state, action, pending] = useActionState(signInAction, null);
  const failed = state && !state.ok ? state : undefined;

  return (
    <Card title={t('title')}>
      <form action={action} className="space-y-4">
        {failed ? <Alert>{failed.error}</Alert> : null}
        {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
        <TextField label={t('email')} name="email" type="email" required autoComplete="username" defaultValue={failed?.values?.email} />
        <TextField label={t('password')} name="password" type="password" required autoComplete="current-password" />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? t('submitting') : t('submit')}
        </Button>
      </form>
    </Card>
  );
}
