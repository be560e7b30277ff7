'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import type { CrmExceptionView } from '@/lib/crm/list-crm-exceptions';
import { useFormAction, type FormAction } from './use-form-action';

type Actions = { add: FormAction<{ kind: 'address' | 'domain'; value: string }>; remove: FormAction };

function RemoveButton({ action, exception }: { action: FormAction; exception: CrmExceptionView }) {
  const t = useTranslations('crm.exceptions');
  const form = useFormAction(action, { exceptionId: exception.id });
  return (
    <form onSubmit={form.onSubmit} className="flex items-center gap-2">
      <Button
        type="submit"
        variant="ghost"
        disabled={form.pending}
        aria-label={t('removeLabel', { value: exception.value })}
      >
        {t('remove')}
      </Button>
      {form.state && !form.state.ok ? <span className="text-sm text-danger-fg">{form.state.error}</span> : null}
    </form>
  );
}

/** The organization's CRM exception list: add an address or a domain, remove entries. */
export function CrmExceptionsForm({ exceptions, actions }: { exceptions: CrmExceptionView[]; actions: Actions }) {
  const t = useTranslations('crm.exceptions');
  const add = useFormAction(actions.add);
  return (
    <div className="space-y-4">
      {/* Keyed by the list, so the field empties once an entry is added. */}
      <form
        key={exceptions.length}
        onSubmit={add.onSubmit}
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
        data-testid="crm-exception-form"
      >
        <div className="flex-1">
          <TextField
            label={t('value')}
            name="value"
            required
            maxLength={254}
            hint={t('valueHint')}
            error={add.fieldError('value')}
          />
        </div>
        <Button type="submit" disabled={add.pending}>
          {t('add')}
        </Button>
      </form>
      {add.state && !add.state.ok && !add.fieldError('value') ? <Alert>{add.state.error}</Alert> : null}
      {add.state?.ok ? (
        <Alert tone="success">{t(`added.${add.state.data.kind}`, { value: add.state.data.value })}</Alert>
      ) : null}
      {exceptions.length === 0 ? (
        <p className="text-sm text-fg-subtle">{t('none')}</p>
      ) : (
        <ul className="divide-y divide-line-subtle rounded-md border border-line" data-testid="crm-exceptions">
          {exceptions.map((exception) => (
            <li key={exception.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
              <span>
                <span className="font-medium">
                  {exception.kind === 'domain' ? `@${exception.value}` : exception.value}
                </span>
                <span className="ml-2 text-xs text-fg-subtle">{t(`kind.${exception.kind}`)}</span>
              </span>
              <RemoveButton action={actions.remove} exception={exception} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
