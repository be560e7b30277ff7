import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { OrgMailboxRow } from '@/lib/mail/mailboxes/list-org-mailbox-overview';
import { storedErrorText } from '@/lib/mail/stored-error';
import { LocalTime } from '../ui/local-time';

/** Settings → Mailboxes for admins: every mailbox of the organization, its state and who holds it how. */
export function OrgMailboxesTable({ rows }: { rows: OrgMailboxRow[] }) {
  const t = useTranslations('mailboxAccess');
  const tBox = useTranslations('mailboxSettings');
  const tProblems = useTranslations('problems');
  if (rows.length === 0) return <p className="text-sm text-fg-subtle">{t('orgNone')}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="org-mailboxes">
        <thead className="text-xs uppercase text-fg-subtle">
          <tr>
            <th className="py-2 pr-3 font-medium">{t('columns.mailbox')}</th>
            <th className="py-2 pr-3 font-medium">{t('columns.owner')}</th>
            <th className="py-2 pr-3 font-medium">{t('columns.status')}</th>
            <th className="py-2 pr-3 font-medium">{t('columns.crm')}</th>
            <th className="py-2 font-medium">{t('columns.access')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line-subtle align-top">
          {rows.map((row) => (
            <tr key={row.id} data-testid="org-mailbox-row" data-email={row.email}>
              <td className="py-2 pr-3">
                <Link href={`/settings/mailboxes/${row.id}`} className="font-medium text-accent-fg hover:underline">
                  {row.email}
                </Link>
              </td>
              <td className="py-2 pr-3">
                {row.owner ? (
                  <>
                    <span>{row.owner.name}</span>
                    {row.owner.active ? null : (
                      <span className="block text-xs text-warning-fg">
                        {t('ownerDeactivated')}
                        {row.owner.disconnectAt && row.status === 'active' ? (
                          <>
                            {' · '}
                            {t.rich('disconnectsOn', {
                              when: () => <LocalTime value={row.owner?.disconnectAt?.toISOString() ?? ''} />,
                            })}
                          </>
                        ) : null}
                      </span>
                    )}
                  </>
                ) : (
                  <span className="text-fg-subtle">{t('noOwner')}</span>
                )}
              </td>
              <td className="py-2 pr-3">
                <span>
                  {row.status === 'disabled'
                    ? t(
                        `disabled.${row.disabledReason === 'plan_limit' || row.disabledReason === 'owner_departed' ? row.disabledReason : 'admin'}`,
                      )
                    : row.requiresReauth
                      ? t('needsPassword')
                      : tBox(`state.${row.syncState}`)}
                </span>
                <span className="block text-xs text-fg-subtle">
                  {row.lastSyncAt ? <LocalTime value={row.lastSyncAt.toISOString()} /> : tBox('neverSynced')}
                </span>
                {row.lastError ? (
                  <span className="block text-xs text-danger-fg">
                    {storedErrorText(tProblems, row.lastErrorProblem, row.lastError)}
                  </span>
                ) : null}
              </td>
              <td className="py-2 pr-3 text-xs">
                <span className="block">{row.crmEnabled ? t('crmOn') : t('crmOff')}</span>
                <span className="block text-fg-subtle">{row.crmRouteToManager ? t('routingOn') : t('routingOff')}</span>
              </td>
              <td className="py-2 text-xs">
                {row.access.length === 0 ? <span className="text-fg-subtle">{t('onlyOwner')}</span> : null}
                {row.access.map((grant) => (
                  <span key={grant.userId} className="block">
                    {grant.name} · {t(`levels.${grant.level}`)}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
