'use client';

import { useTranslations } from 'next-intl';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField, TextField } from '../ui/field';
import { InvitationResult, type InvitationState } from './invitation-result';

/** A new user is invited, never given a password by the admin: they choose it through a one-time link. */
export function InviteUserForm({ action, systemMail }: { action: FormAction<InvitationState>; systemMail: boolean }) {
  const t = useTranslations('usersSettings');
  const form = useFormAction(action);
  const invitation = form.state?.ok ? form.state.data : null;
  return (
    <form onSubmit={form.onSubmit} className="space-y-3" data-testid="invite-user-form">
      <p className="text-sm text-fg-muted">{systemMail ? t('inviteIntroMail') : t('inviteIntroLink')}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t('name')} name="name" error={form.fieldError('name')} />
        <TextField label={t('email')} name="email" type="email" required error={form.fieldError('email')} />
        <SelectField
          label={t('role')}
          name="role"
          defaultValue="employee"
          options={[
            { value: 'employee', label: t('roles.employee') },
            { value: 'admin', label: t('roles.admin') },
          ]}
        />
      </div>
      <Button type="submit" disabled={form.pending}>
        {systemMail ? t('inviteByMail') : t('inviteWithLink')}
      </Button>
      {invitation ? <InvitationResult invitation={invitation} /> : null}
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
    </form>
  );
}
