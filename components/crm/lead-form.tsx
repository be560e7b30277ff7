'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { LeadDetail } from '@/lib/crm/get-lead';
import type { Colleague } from '@/lib/users/list-colleagues';
import { useFormAction, type FormAction } from './use-form-action';

const editableStatuses = ['new', 'in_progress', 'lost'] as const;

/** Title, status and responsible manager of a lead. A converted lead keeps its status. */
export function LeadForm<T>({
  action,
  colleagues,
  lead,
}: {
  action: FormAction<T>;
  colleagues: Colleague[];
  lead: Pick<LeadDetail, 'id' | 'title' | 'status' | 'responsible'>;
}) {
  const t = useTranslations('crm');
  const form = useFormAction(action, { leadId: lead.id });
  const people = [
    { value: '', label: t('contactForm.noResponsible') },
    ...colleagues.map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <form onSubmit={form.onSubmit} className="space-y-3" data-testid="lead-edit-form">
      <TextField
        label={t('leadForm.title')}
        name="title"
        required
        maxLength={200}
        defaultValue={lead.title}
        error={form.fieldError('title')}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        {lead.status === 'converted' ? null : (
          <SelectField
            label={t('leadForm.status')}
            name="status"
            options={editableStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            defaultValue={lead.status}
            error={form.fieldError('status')}
          />
        )}
        <SelectField
          label={t('leadForm.responsible')}
          name="responsibleUserId"
          options={people}
          defaultValue={lead.responsible?.id ?? ''}
          error={form.fieldError('responsibleUserId')}
        />
      </div>
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
      {form.state?.ok ? <Alert tone="success">{t('leadForm.saved')}</Alert> : null}
      <Button type="submit" disabled={form.pending}>
        {t('leadForm.save')}
      </Button>
    </form>
  );
}
