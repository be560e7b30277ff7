'use client';

import { useTranslations } from 'next-intl';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField, TextField } from '../ui/field';

type Created = { email: string; generatedPassword: string | null };

export function NewUserForm({ action }: { action: FormAction<Created> }) {
  const t = useTranslations('usersSettings');
  const form = useFormAction(action);
  const created = form.state?.ok ? form.state.data : null;
  return (
    <form onSubmit={form.onSubmit} className="space-y-3" data-testid="new-user-form">
      <p className="text-sm text-slate-600">{t('newUserIntro')}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t('name')} name="name" error={form.fieldError('name')} />
        <TextField label={t('email')} name="email" type="email" required error={form.fieldError('email')} />
        <SelectField label={t('role')} name="role" defaultValue="employee" options={[{ value: 'employee', label: t('roles.employee') }, { value: 'admin', label: t('roles.admin') }]} />
        <TextField label={t('password')} name="password" type="password" autoComplete="new-password" hint={t('passwordHint')} error={form.fieldError('password')} />
      </div>
      <Button type="submit" disabled={form.pending}>
        {t('create')}
      </Button>
      {created ? (
        <Alert tone="success">
          {t('created', { email: created.email })}
          {created.generatedPassword ? (
            <>
              {' '}
              {t('generated')} <code className="rounded bg-white px-1 font-mono" data-testid="generated-password">{created.generatedPassword}</code>
            </>
          ) : null}
        </Alert>
      ) : null}
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
    </form>
  );
}
