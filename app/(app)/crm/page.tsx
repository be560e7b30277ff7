import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { LeadStatusBadge } from '@/components/crm/lead-status-badge';
import { getDb } from '@/db/client';
import { listLeads } from '@/lib/crm/list-leads';
import { actorOf, requireSession } from '@/server/session';
import { listFromQuery, singleParam } from '../list-from-query';

const statuses = ['new', 'in_progress', 'converted', 'lost'] as const;
type Status = (typeof statuses)[number];

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('crm'))('leads.title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LeadsPage({ searchParams }: Props) {
  const session = await requireSession();
  const query = await searchParams;
  const status = statuses.find((s) => s === query.status);
  // An unknown status shows every lead (the filter bar then marks "All"); a cursor listLeads refuses, the first page.
  const { list: page } = await listFromQuery({ cursor: singleParam(query.cursor) }, ({ cursor }) =>
    listLeads(getDb(), { actor: actorOf(session), status, cursor }),
  );
  const t = await getTranslations('crm');
  const format = await getFormatter();
  const filterHref = (s: Status | undefined) => (s ? `/crm?status=${s}` : '/crm');
  return (
    <div className="space-y-4">
      <nav aria-label={t('leads.filter')} className="flex flex-wrap gap-2 text-sm">
        {[undefined, ...statuses].map((s) => (
          <Link
            key={s ?? 'all'}
            href={filterHref(s)}
            aria-current={s === status ? 'page' : undefined}
            className={`rounded-full border px-3 py-1 ${s === status ? 'border-accent-line bg-accent-subtle text-accent-fg' : 'border-line-strong text-fg-muted hover:bg-surface-subtle'}`}
          >
            {s ? t(`status.${s}`) : t('leads.all')}
          </Link>
        ))}
      </nav>
      {page.items.length === 0 ? (
        <p className="text-sm text-fg-subtle">{status ? t('leads.noneWithStatus') : t('leads.none')}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="crm-leads">
          <thead className="border-b border-line text-fg-subtle">
            <tr>
              <th className="py-2 pr-3 font-medium">{t('leads.columns.title')}</th>
              <th className="py-2 pr-3 font-medium">{t('leads.columns.person')}</th>
              <th className="py-2 pr-3 font-medium">{t('leads.columns.status')}</th>
              <th className="py-2 pr-3 font-medium">{t('leads.columns.responsible')}</th>
              <th className="py-2 font-medium">{t('leads.columns.created')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((lead) => (
              <tr key={lead.id} className="border-b border-line-subtle">
                <td className="py-2 pr-3">
                  <Link href={`/crm/leads/${lead.id}`} className="font-medium text-accent-fg hover:underline">
                    {lead.title}
                  </Link>
                </td>
                <td className="py-2 pr-3 text-fg-muted">{[lead.name, lead.email].filter(Boolean).join(' · ')}</td>
                <td className="py-2 pr-3">
                  <LeadStatusBadge status={lead.status} label={t(`status.${lead.status}`)} />
                </td>
                <td className="py-2 pr-3 text-fg-muted">{lead.responsibleName ?? t('nobody')}</td>
                <td className="py-2 text-fg-subtle">
                  {format.dateTime(new Date(lead.createdAt), { dateStyle: 'medium' })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.nextCursor ? (
        <Link
          href={`/crm?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor })}`}
          className="text-sm font-medium text-accent-fg hover:underline"
        >
          {t('more')}
        </Link>
      ) : null}
    </div>
  );
}
