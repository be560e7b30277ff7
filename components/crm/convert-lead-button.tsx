'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useFormAction, type FormAction } from './use-form-action';

/** Converts the lead into a contact; the action sends the browser to the contact. */
export function ConvertLeadButton<T>({ action, leadId }: { action: FormAction<T>; leadId: string }) {
  const t = useTranslations('crm.lead');
  const form = useFormAction(action, { leadId });
  return (
    <form onSubmit={form.onSubmit} className="space-y-2">
      <Button type="submit" variant="secondary" disabled={form.pending}>
        {t('convert')}
      </Button>
      <p className="text-xs text-fg-subtle">{t('convertHint')}</p>
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
    </form>
  );
}
