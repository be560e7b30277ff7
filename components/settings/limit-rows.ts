import type { PlanOverview, UserLimits } from '@/lib/plans/get-plan-overview';
import type { LimitRow } from './limits-table';

type Translate = (key: string, values?: Record<string, string | number>) => string;

function windowRows(
  t: Translate,
  limits: Pick<PlanOverview, 'retentionDays' | 'importWindowDays' | 'maxAttachmentBytes'>,
): LimitRow[] {
  const days = (n: number | null) => (n === null ? t('notAvailable') : t('days', { days: n }));
  return [
    { key: 'retention', label: t('rows.retention'), value: days(limits.retentionDays) },
    { key: 'importWindow', label: t('rows.importWindow'), value: days(limits.importWindowDays) },
    {
      key: 'attachments',
      label: t('rows.attachments'),
      value: t('megabytes', { mb: (limits.maxAttachmentBytes / 1_000_000).toFixed(1) }),
    },
  ];
}

/** Rows for an admin's Settings → Plan; `t` is scoped to the `limits` namespace. */
export function organizationLimitRows(t: Translate, overview: PlanOverview): LimitRow[] {
  return [
    { key: 'mailboxesPerEmployee', label: t('rows.mailboxesPerEmployeeBusiest'), usage: overview.mailboxesPerEmployee },
    { key: 'sharedMailboxes', label: t('rows.sharedMailboxes'), usage: overview.sharedMailboxes },
    { key: 'outgoingPerMonth', label: t('rows.outgoingPerMonth'), usage: overview.outgoingPerMonth },
    ...windowRows(t, overview),
  ];
}

/** Rows for one employee's own limits. */
export function userLimitRows(t: Translate, limits: UserLimits): LimitRow[] {
  return [
    { key: 'mailboxesPerEmployee', label: t('rows.myMailboxes'), usage: limits.mailboxesPerEmployee },
    ...windowRows(t, limits),
  ];
}
