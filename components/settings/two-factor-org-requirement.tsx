'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/server/action';

/** The admin's switch: everyone in the organization must use two-factor sign-in. */
export function TwoFactorOrgRequirement({
  required,
  action: saveAction,
}: {
  required: boolean;
  action: (previous: ActionState<void>, formData: FormData) => Promise<ActionState<void>>;
}) {
  const t = useTranslations('twoFactor');
  const [state, action, pending] = useActionState(saveAction, null);
  return (
    <form action={action} className="space-y-3">
      <label className="flex items-start gap-2 text-sm text-fg">
        <input
          type="checkbox"
          name="required"
          defaultChecked={required}
          className="mt-0.5 size-4 rounded border-line-strong"
        />
        <span>
          {t('requireForOrg')}
          <span className="block text-xs text-fg-subtle">{t('requireForOrgHint')}</span>
        </span>
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t('save')}
      </Button>
      {state?.ok ? <Alert tone="success">{t('saved')}</Alert> : null}
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
