'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { PasswordField } from '@/components/ui/password-field';
import { setupAction } from './actions';

export function SetupForm({ plans }: { plans: Array<{ value: string; label: string }> }) {
  const t = useTranslations('setup');
  const [state, action, pending] = useActionState(setupAction, null);
  const failed = state && !state.ok ? state : undefined;
  const values = failed?.values ?? {};
  const fieldError = (name: string) => failed?.fieldErrors?.[name];
  // The password may not contain the admin's name or e-mail: the strength check needs them as they are typed.
  const [adminName, setAdminName] = useState(values.adminName ?? '');
  const [adminEmail, setAdminEmail] = useState(values.adminEmail ?? '');

  return (
    <Card title={t('title')}>
      <form action={action} className="space-y-5" noValidate={false}>
        <p className="text-sm text-fg-muted">{t('intro')}</p>
        {failed ? <Alert>{failed.error}</Alert> : null}
        <fieldset className="space-y-4">
          <legend className="text-sm font-semibold text-fg">{t('organization')}</legend>
          <TextField
            label={t('orgName')}
            name="orgName"
            required
            maxLength={200}
            defaultValue={values.orgName}
            error={fieldError('orgName')}
          />
          <SelectField
            label={t('plan')}
            name="plan"
            options={plans}
            defaultValue={values.plan ?? 'trial'}
            hint={t('planHint')}
            error={fieldError('plan')}
          />
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="text-sm font-semibold text-fg">{t('admin')}</legend>
          <TextField
            label={t('adminName')}
            name="adminName"
            required
            autoComplete="name"
            defaultValue={values.adminName}
            onChange={(event) => setAdminName(event.target.value)}
            error={fieldError('adminName')}
          />
          <TextField
            label={t('adminEmail')}
            name="adminEmail"
            type="email"
            required
            autoComplete="email"
            defaultValue={values.adminEmail}
            onChange={(event) => setAdminEmail(event.target.value)}
            error={fieldError('adminEmail')}
          />
          <PasswordField
            label={t('password')}
            name="password"
            required
            minLength={10}
            email={adminEmail}
            userName={adminName}
            hint={t('passwordHint')}
            error={fieldError('password')}
          />
        </fieldset>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? t('submitting') : t('submit')}
        </Button>
      </form>
    </Card>
  );
}
