'use client';

import { useTranslations } from 'next-intl';
import type { MailboxAccessLevel } from '@/db/schema';
import type { Colleague } from '@/lib/users/list-colleagues';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField } from '../ui/field';

type Action = FormAction<void>;
type Grant = { userId: string; name: string; email: string; active: boolean; level: MailboxAccessLevel };
const levels: MailboxAccessLevel[] = ['read', 'send', 'manage'];

function GrantRow({
  mailboxId,
  grant,
  grantAction,
  revokeAction,
}: {
  mailboxId: string;
  grant: Grant;
  grantAction: Action;
  revokeAction: Action;
}) {
  const t = useTranslations('mailboxAccess');
  const change = useFormAction(grantAction, { mailboxId, userId: grant.userId });
  const revoke = useFormAction(revokeAction, { mailboxId, userId: grant.userId });
  const failure = [change.state, revoke.state].find((s) => s && !s.ok);
  return (
    <li className="py-3" data-testid="access-row" data-email={grant.email}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{grant.name}</p>
          <p className="truncate text-xs text-fg-subtle">
            {grant.email}
            {grant.active ? '' : ` · ${t('inactive')}`}
          </p>
        </div>
        <form onChange={(event) => event.currentTarget.requestSubmit()} onSubmit={change.onSubmit}>
          <label className="sr-only" htmlFor={`level-${grant.userId}`}>
            {t('levelFor', { name: grant.name })}
          </label>
          <select
            id={`level-${grant.userId}`}
            name="level"
            defaultValue={grant.level}
            disabled={change.pending}
            className="rounded-md border border-line-strong px-2 py-1 text-sm"
          >
            {levels.map((level) => (
              <option key={level} value={level}>
                {t(`levels.${level}`)}
              </option>
            ))}
          </select>
        </form>
        <form onSubmit={revoke.onSubmit}>
          <Button type="submit" variant="ghost" disabled={revoke.pending}>
            {t('revoke')}
          </Button>
        </form>
      </div>
      {failure && !failure.ok ? (
        <div className="mt-2">
          <Alert>{failure.error}</Alert>
        </div>
      ) : null}
    </li>
  );
}

/** Who else may use this mailbox, at which level; for those who manage it. */
export function MailboxAccessPanel({
  mailboxId,
  ownerUserId,
  grants,
  colleagues,
  actions,
}: {
  mailboxId: string;
  ownerUserId: string | null;
  grants: Grant[];
  colleagues: Colleague[];
  actions: { grant: Action; revoke: Action };
}) {
  const t = useTranslations('mailboxAccess');
  const add = useFormAction(actions.grant, { mailboxId });
  const granted = new Set(grants.map((g) => g.userId));
  const candidates = colleagues.filter((c) => c.id !== ownerUserId && !granted.has(c.id));
  return (
    <div className="space-y-4" data-testid="mailbox-access">
      <p className="text-sm text-fg-muted">{t('intro')}</p>
      <dl className="grid gap-1 text-xs text-fg-muted sm:grid-cols-3">
        {levels.map((level) => (
          <div key={level}>
            <dt className="font-medium text-fg">{t(`levels.${level}`)}</dt>
            <dd>{t(`levelHelp.${level}`)}</dd>
          </div>
        ))}
      </dl>
      {grants.length === 0 ? <p className="text-sm text-fg-subtle">{t('none')}</p> : null}
      <ul className="divide-y divide-line-subtle">
        {grants.map((grant) => (
          <GrantRow
            key={`${grant.userId}-${grant.level}`}
            mailboxId={mailboxId}
            grant={grant}
            grantAction={actions.grant}
            revokeAction={actions.revoke}
          />
        ))}
      </ul>
      {candidates.length > 0 ? (
        <form
          onSubmit={add.onSubmit}
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          data-testid="grant-access-form"
        >
          <div className="flex-1">
            <SelectField
              label={t('colleague')}
              name="userId"
              options={[
                { value: '', label: t('chooseColleague') },
                ...candidates.map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` })),
              ]}
            />
          </div>
          <SelectField
            label={t('level')}
            name="level"
            options={levels.map((level) => ({ value: level, label: t(`levels.${level}`) }))}
          />
          <Button type="submit" disabled={add.pending}>
            {t('grant')}
          </Button>
        </form>
      ) : null}
      {add.state && !add.state.ok ? <Alert>{add.state.error}</Alert> : null}
    </div>
  );
}
