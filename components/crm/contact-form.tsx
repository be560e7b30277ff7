'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { Colleague } from '@/lib/users/list-colleagues';
import { useFormAction, type FormAction } from './use-form-action';

type ContactValues = {
  id: string;
  name: string;
  emails: string[];
  company: string | null;
  responsibleUserId: string | null;
};

/** Create a contact (no `contact`) or edit one. */
export function ContactForm<T>({
  action,
  colleagues,
  contact,
}: {
  action: FormAction<T>;
  colleagues: Colleague[];
  contact?: ContactValues;
}) {
  const t = useTranslations('crm.contactForm');
  const form = useFormAction(action, contact ? { contactId: contact.id } : {});
  const options = [
    { value: '', label: t('noResponsible') },
    ...colleagues.map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <form
      onSubmit={form.onSubmit}
      className="space-y-3"
      data-testid={contact ? 'contact-edit-form' : 'contact-create-form'}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t('name')}
          name="name"
          required
          maxLength={200}
          defaultValue={contact?.name}
          error={form.fieldError('name')}
        />
        <TextField
          label={t('company')}
          name="company"
          maxLength={200}
          defaultValue={contact?.company ?? ''}
          error={form.fieldError('company')}
        />
      </div>
      <TextField
        label={t('emails')}
        name="emails"
        hint={t('emailsHint')}
        defaultValue={contact?.emails.join(', ')}
        error={form.fieldError('emails') ?? form.fieldError('emails.0')}
      />
      <SelectField
        label={t('responsible')}
        name="responsibleUserId"
        options={options}
        defaultValue={contact?.responsibleUserId ?? ''}
        error={form.fieldError('responsibleUserId')}
      />
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
      {form.state?.ok && contact ? <Alert tone="success">{t('saved')}</Alert> : null}
      <Button type="submit" disabled={form.pending}>
        {contact ? t('save') : t('create')}
      </Button>
    </form>
  );
}
