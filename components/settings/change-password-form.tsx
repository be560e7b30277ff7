'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import type { ActionState } from '@/server/action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { TextField } from '../ui/field';
import { PasswordField } from '../ui/password-field';

type Result = { sessionsEnded: number };
type ChangeAction = (previous: ActionState<Result>, data: FormData) => Promise<ActionState<Result>>;

/**
 * Choosing a new password: in Settings → Profile with the current one, or (`forced`) right after signing in
 * with an admin's temporary password, which is not asked again. The new one is checked live with the server's
 * rule (PasswordField). React empties the form after each try; the fields are also drawn afresh then, so the
 * strength meter does not describe a password that is no longer there.
 */
export function ChangePasswordForm({
  action,
  email,
  name,
  forced = false,
}: {
  action: ChangeAction;
  email: string;
  name: string;
  forced?: boolean;
}) {
  const t = useTranslations('changePassword');
  const [attempt, setAttempt] = useState(0);
  const [state, run, pending] = useActionState(async (previous: ActionState<Result>, data: FormData) => {
    const next = await action(previous, data);
    setAttempt((n) => n + 1);
    return next;
  }, null);
  const failed = state && !state.ok ? state : undefined;
  const fieldError = (field: string) => failed?.fieldErrors?.[field];
  return (
    <form action={run} className="space-y-4" data-testid="change-password">
      {state?.ok ? <Alert tone="success">{t('changed', { count: state.data.sessionsEnded })}</Alert> : null}
      {failed && !failed.fieldErrors ? <Alert>{failed.error}</Alert> : null}
      {/* Lets password managers store the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <div key={attempt} className="space-y-4">
        {forced ? null : (
          <TextField
            label={t('current')}
            name="currentPassword"
            type="password"
            required
            autoComplete="current-password"
            error={fieldError('currentPassword')}
          />
        )}
        <PasswordField
          label={t('new')}
          name="newPassword"
          required
          minLength={10}
          email={email}
          userName={name}
          hint={t('hint')}
          error={fieldError('newPassword')}
        />
        <TextField
          label={t('confirm')}
          name="confirm"
          type="password"
          required
          autoComplete="new-password"
          error={fieldError('confirm')}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t('saving') : forced ? t('submitForced') : t('submit')}
      </Button>
    </form>
  );
}
