'use client';

import { useTranslations } from 'next-intl';
import type { Colleague } from '@/lib/users/list-colleagues';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField } from '../ui/field';

type Action = FormAction<{ ownerUserId: string | null }>;

/** Admins give a mailbox a new owner — above all the mailbox of someone who left (SPEC §3). */
export function MailboxOwnerForm({
  mailboxId,
  ownerUserId,
  colleagues,
  action,
}: {
  mailboxId: string;
  ownerUserId: string | null;
  colleagues: Colleague[];
  action: Action;
}) {
  const t = useTranslations('mailboxAccess');
  const { state, onSubmit, pending } = useFormAction(action, { mailboxId });
  const candidates = colleagues.filter((c) => c.id !== ownerUserId);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="mailbox-owner-form">
      <p className="text-sm text-fg-muted">{t('ownerIntro')}</p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <SelectField
            label={t('newOwner')}
            name="ownerUserId"
            options={[
              { value: '', label: t('chooseColleague') },
              ...candidates.map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` })),
            ]}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {t('changeOwner')}
        </Button>
      </div>
      {state?.ok ? <Alert tone="success">{t('ownerChanged')}</Alert> : null}
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
