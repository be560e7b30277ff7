import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ActivityTimeline } from '@/components/crm/activity-timeline';
import { ContactForm } from '@/components/crm/contact-form';
import { Card } from '@/components/ui/card';
import { DefinitionList } from '@/components/ui/definition-list';
import { getDb } from '@/db/client';
import { getContact } from '@/lib/crm/get-contact';
import { listColleagues } from '@/lib/users/list-colleagues';
import { actorOf, requireSession } from '@/server/session';
import { updateContactAction } from '../../actions';
import { orNotFound } from '../../or-not-found';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('crm'))('contact.title') };
}

export default async function ContactPage({ params }: Props) {
  const session = await requireSession();
  const actor = actorOf(session);
  const { id } = await params;
  const [contact, colleagues] = await Promise.all([
    orNotFound(getContact(getDb(), { actor, contactId: id })),
    listColleagues(getDb(), { actor }),
  ]);
  const t = await getTranslations('crm');
  const rows: Array<[string, string]> = [
    [t('contact.emails'), contact.emails.join(', ') || '—'],
    [t('contact.company'), contact.company ?? '—'],
    [t('contact.responsible'), contact.responsible?.name ?? t('nobody')],
  ];
  return (
    <div className="space-y-6">
      <Card title={contact.name}>
        <DefinitionList rows={rows} />
      </Card>
      <Card title={t('contact.edit')}>
        <ContactForm
          action={updateContactAction}
          colleagues={colleagues}
          contact={{
            id: contact.id,
            name: contact.name,
            emails: contact.emails,
            company: contact.company,
            responsibleUserId: contact.responsible?.id ?? null,
          }}
        />
      </Card>
      <section className="space-y-3">
        <h2 className="text-base font-semibold">{t('activity.title')}</h2>
        <ActivityTimeline activities={contact.activities} />
      </section>
    </div>
  );
}
