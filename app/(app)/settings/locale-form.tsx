'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { updateLocaleAction } from './actions';

export function LocaleForm({
  current,
  options,
}: {
  current: string;
  options: Array<{ value: string; label: string }>;
}) {
  const t = useTranslations('settings');
  const [state, action, pending] = useActionState(updateLocaleAction, null);
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="flex-1">
        <SelectField
          label={t('language')}
          name="locale"
          options={options}
          defaultValue={current}
          hint={t('languageHint')}
        />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t('save')}
      </Button>
      {state?.ok ? <Alert tone="success">{t('saved')}</Alert> : null}
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
