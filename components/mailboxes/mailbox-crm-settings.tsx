'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { useFormAction, type FormAction } from '../crm/use-form-action';

type CrmSettings = {
  id: string;
  crmEnabled: boolean;
  crmWindowDays: number;
  crmRouteToManager: boolean;
  crmCreateLeads: boolean;
};

/** A mailbox's CRM settings (SPEC §6), on its card in Settings → Mailboxes, for whoever manages it. */
export function MailboxCrmSettings<T>({ mailbox, action }: { mailbox: CrmSettings; action: FormAction<T> }) {
  const t = useTranslations('crm.mailboxSettings');
  const form = useFormAction(action, { mailboxId: mailbox.id });
  // Several cards share the page: ids carry the mailbox id.
  const id = (name: string) => `crm-${name}-${mailbox.id}`;
  const windowError = form.fieldError('windowDays');
  return (
    <details className="mt-3 rounded-md border border-line px-3 py-2" data-testid="mailbox-crm-settings">
      <summary className="cursor-pointer text-sm font-medium text-fg-muted">
        {mailbox.crmEnabled ? t('summaryOn', { days: mailbox.crmWindowDays }) : t('summaryOff')}
      </summary>
      <form onSubmit={form.onSubmit} className="mt-3 space-y-3 text-sm">
        <label className="flex items-center gap-2 font-medium">
          <input type="checkbox" name="enabled" defaultChecked={mailbox.crmEnabled} />
          {t('enabled')}
        </label>
        <div className="space-y-1">
          <label htmlFor={id('windowDays')} className="block text-fg-muted">
            {t('windowDays')}
          </label>
          <input
            id={id('windowDays')}
            name="windowDays"
            type="number"
            min={1}
            max={365}
            required
            defaultValue={mailbox.crmWindowDays}
            aria-invalid={windowError ? true : undefined}
            className="block w-28 rounded-md border border-line-strong px-3 py-1.5 aria-invalid:border-danger"
          />
          {windowError ? (
            <p className="text-danger-fg">{windowError}</p>
          ) : (
            <p className="text-xs text-fg-subtle">{t('windowDaysHint')}</p>
          )}
        </div>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="routeToManager" defaultChecked={mailbox.crmRouteToManager} />
          {t('routeToManager')}
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="createLeads" defaultChecked={mailbox.crmCreateLeads} />
          {t('createLeads')}
        </label>
        {form.state && !form.state.ok && !windowError ? <Alert>{form.state.error}</Alert> : null}
        {form.state?.ok ? <Alert tone="success">{t('saved')}</Alert> : null}
        <Button type="submit" variant="secondary" disabled={form.pending}>
          {t('save')}
        </Button>
      </form>
    </details>
  );
}
