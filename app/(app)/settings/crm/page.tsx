import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { CrmExceptionsForm } from '@/components/crm/crm-exceptions-form';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listCrmExceptions } from '@/lib/crm/list-crm-exceptions';
import { actorOf, requireSession } from '@/server/session';
import { addCrmExceptionAction, removeCrmExceptionAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('crm'))('exceptions.title') };
}

export default async function CrmSettingsPage() {
  const session = await requireSession();
  // Admin-only; for anyone else the page does not exist.
  if (session.user.role !== 'admin') notFound();
  const exceptions = await listCrmExceptions(getDb(), { actor: actorOf(session) });
  const t = await getTranslations('crm.exceptions');
  return (
    <Card title={t('title')}>
      <p className="mb-4 text-sm text-fg-muted">{t('intro')}</p>
      <CrmExceptionsForm
        exceptions={exceptions}
        actions={{ add: addCrmExceptionAction, remove: removeCrmExceptionAction }}
      />
    </Card>
  );
}
