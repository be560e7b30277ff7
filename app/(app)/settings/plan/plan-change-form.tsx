'use client';

import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { startTransition, useActionState, useEffect, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { changePlanAction, previewPlanChangeAction } from './actions';

type Option = { value: string; label: string };

export function PlanChangeForm({ currentPlan, plans }: { currentPlan: string; plans: Option[] }) {
  const t = useTranslations('planSettings');
  const format = useFormatter();
  const router = useRouter();
  const [plan, setPlan] = useState(currentPlan);
  const [preview, previewAction, previewing] = useActionState(previewPlanChangeAction, null);
  const [change, changeAction, changing] = useActionState(changePlanAction, null);
  const [dismissed, setDismissed] = useState(false);
  const label = (id: string) => plans.find((p) => p.value === id)?.label ?? id;

  useEffect(() => {
    if (change?.ok) router.refresh();
  }, [change, router]);

  // Submitted through a transition rather than <form action>: React resets a form after its action, which
  // would put the plan select back and undo the admin's choice of mailboxes when a change is refused.
  const submitWith = (action: (data: FormData) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setDismissed(false);
    startTransition(() => action(data));
  };

  const shown = preview?.ok && !dismissed && preview.data.to === plan ? preview.data : null;

  return (
    <div className="space-y-4">
      {change?.ok ? <Alert tone="success">{t('changed', { plan: label(change.data.plan) })}</Alert> : null}
      {change && !change.ok ? <Alert>{change.error}</Alert> : null}
      {preview && !preview.ok ? <Alert>{preview.error}</Alert> : null}
      <form onSubmit={submitWith(previewAction)} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <SelectField
            label={t('newPlan')}
            name="plan"
            options={plans}
            value={plan}
            onChange={(e) => setPlan(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={previewing || plan === currentPlan}>
          {t('preview')}
        </Button>
      </form>
      {plan === currentPlan && !change?.ok ? <p className="text-sm text-fg-subtle">{t('samePlan')}</p> : null}

      {shown ? (
        <form
          onSubmit={submitWith(changeAction)}
          className="space-y-4 rounded-md border border-line bg-surface-subtle p-4"
          data-testid="plan-preview"
        >
          <input type="hidden" name="plan" value={shown.to} />
          {!shown.mailAvailable ? <p className="text-sm font-medium text-danger-fg">{t('mailStops')}</p> : null}
          {shown.unlinkedMessagesToDelete > 0 ? (
            <p className="text-sm text-danger-fg">
              {t('willDeleteMessages', { count: shown.unlinkedMessagesToDelete })}
            </p>
          ) : null}
          {shown.overLimit.length > 0 ? (
            <div className="space-y-3">
              <p className="text-sm text-fg-muted">{t('willDisable')}</p>
              {shown.overLimit.map((owner) => (
                <fieldset key={owner.ownerUserId} className="space-y-1">
                  <legend className="text-sm font-medium">
                    {t('keepFor', { name: owner.ownerName, limit: owner.limit })}
                  </legend>
                  {owner.mailboxes.map((mailbox) => (
                    <label key={mailbox.id} className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        name="keep"
                        value={mailbox.id}
                        defaultChecked={owner.keep.includes(mailbox.id)}
                      />
                      <span>{mailbox.email}</span>
                      <span className="text-fg-subtle">
                        {t('connectedOn', {
                          date: format.dateTime(new Date(mailbox.connectedAt), {
                            dateStyle: 'medium',
                            timeStyle: 'short',
                          }),
                        })}
                      </span>
                    </label>
                  ))}
                </fieldset>
              ))}
            </div>
          ) : null}
          {shown.reEnable.length > 0 ? (
            <div className="text-sm">
              <p>{t('willReEnable')}</p>
              <ul className="ml-5 list-disc">
                {shown.reEnable.map((m) => (
                  <li key={m.id}>{m.email}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {shown.sharedMailboxes.limit !== null && shown.sharedMailboxes.used > shown.sharedMailboxes.limit ? (
            <p className="text-sm">
              {t('sharedOverLimit', { used: shown.sharedMailboxes.used, limit: shown.sharedMailboxes.limit })}
            </p>
          ) : null}
          {shown.mailAvailable && shown.overLimit.length === 0 && shown.reEnable.length === 0 ? (
            <p className="text-sm text-fg-muted">{t('noEffects')}</p>
          ) : null}
          <div className="flex gap-2">
            <Button type="submit" disabled={changing}>
              {t('confirm', { plan: label(shown.to) })}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setDismissed(true)}>
              {t('cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
