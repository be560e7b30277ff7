import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ActivityTimeline } from '@/components/crm/activity-timeline';
import { ConvertLeadButton } from '@/components/crm/convert-lead-button';
import { LeadForm } from '@/components/crm/lead-form';
import { LeadStatusBadge } from '@/components/crm/lead-status-badge';
import { Card } from '@/components/ui/card';
import { DefinitionList } from '@/components/ui/definition-list';
import { getDb } from '@/db/client';
import { getLead } from '@/lib/crm/get-lead';
import { listColleagues } from '@/lib/users/list-colleagues';
import { actorOf, requireSession } from '@/server/session';
import { convertLeadAction, updateLeadAction } from '../../actions';
import { orNotFound } from '../../or-not-found';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('crm'))('lead.title') };
}

export default async function LeadPage({ params }: Props) {
  const session = await requireSession();
  const actor = actorOf(session);
  const { id } = await params;
  const [lead, colleagues] = await Promise.all([
    orNotFound(getLead(getDb(), { actor, leadId: id })),
    listColleagues(getDb(), { actor }),
  ]);
  const t = await getTranslations('crm');
  const format = await getFormatter();
  const rows: Array<[string, string]> = [
    [t('lead.person'), lead.name ?? '—'],
    [t('lead.email'), lead.email ?? '—'],
    [t('lead.responsible'), lead.responsible?.name ?? t('nobody')],
    [t('lead.source'), lead.sourceMailbox ?? '—'],
    [t('lead.created'), format.dateTime(new Date(lead.createdAt), { dateStyle: 'medium', timeStyle: 'short' })],
  ];
  return (
    <div className="space-y-6">
      <Card title={lead.title}>
        <div className="mb-4">
          <LeadStatusBadge status={lead.status} label={t(`status.${lead.status}`)} />
        </div>
        <DefinitionList rows={rows} />
        <div className="mt-4">
          {lead.contactId ? (
            <Link
              href={`/crm/contacts/${lead.contactId}`}
              className="text-sm font-medium text-accent-fg hover:underline"
            >
              {t('lead.openContact')}
            </Link>
          ) : null}
          {lead.status !== 'converted' ? <ConvertLeadButton action={convertLeadAction} leadId={lead.id} /> : null}
        </div>
      </Card>
      <Card title={t('lead.edit')}>
        <LeadForm action={updateLeadAction} colleagues={colleagues} lead={lead} />
      </Card>
      <section className="space-y-3">
        <h2 className="text-base font-semibold">{t('activity.title')}</h2>
        <ActivityTimeline activities={lead.activities} />
      </section>
    </div>
  );
}
