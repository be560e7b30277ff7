import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { OrgMailboxRow } from '@/lib/mail/mailboxes/list-org-mailbox-overview';
import { LocalTime } from '../ui/local-time';

/** Settings → Mailboxes for admins: every mailbox of the organization, its state and who holds it how. */
export function OrgMailboxesTable({ rows }: { rows: OrgMailboxRow[] }) {
  const t = useTranslations('mailboxAccess');
  const tBox = useTranslations('mailboxSettings');
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t('orgNone')}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="org-mailboxes">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pr-3 font-medium">{t('columns.mailbox')}</th>
            <th className="py-2 pr-3 font-medium">{t('columns.owner')}</th>
            <th className="py-2 pr-3 font-medium">{t('columns.status')}</th>
            <th className="py-2 pr-3 font-medium">{t('columns.crm')}</th>
            <th className="py-2 font-medium">{t('columns.access')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((row) => (
            <tr key={row.id} data-testid="org-mailbox-row" data-email={row.email}>
              <td className="py-2 pr-3">
                <Link href={`/settings/mailboxes/${row.id}`} className="font-medium text-brand-700 hover:underline">
                  {row.email}
                </Link>
              </td>
              <td className="py-2 pr-3">
                {row.owner ? (
                  <>
                    <span>{row.owner.name}</span>
                    {row.owner.active ? null : (
                      <span className="block text-xs text-amber-700">
                        {t('ownerDeactivated')}
                        {row.owner.disconnectAt && row.status === 'active' ? (
                          <>
                            {' · '}
                            {t('disconnectsOn')} <LocalTime value={row.owner.disconnectAt.toISOString()} />
                          </>
                        ) : null}
                      </span>
                    )}
                  </>
                ) : (
                  <span className="text-slate-500">{t('noOwner')}</span>
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
                <span className="block text-xs text-slate-500">
                  {row.lastSyncAt ? <LocalTime value={row.lastSyncAt.toISOString()} /> : tBox('neverSynced')}
                </span>
                {row.lastError ? <span className="block text-xs text-red-700">{row.lastError}</span> : null}
              </td>
              <td className="py-2 pr-3 text-xs">
                <span className="block">{row.crmEnabled ? t('crmOn') : t('crmOff')}</span>
                <span className="block text-slate-500">{row.crmRouteToManager ? t('routingOn') : t('routingOff')}</span>
              </td>
              <td className="py-2 text-xs">
                {row.access.length === 0 ? <span className="text-slate-500">{t('onlyOwner')}</span> : null}
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
