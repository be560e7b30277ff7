import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { CrmTabs } from '@/components/crm/crm-tabs';
import { requireSession } from '@/server/session';

export default async function CrmLayout({ children }: { children: ReactNode }) {
  await requireSession();
  const t = await getTranslations('crm');
  return (
    <div className="mx-auto max-w-5xl space-y-6 p-6 md:p-10">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <CrmTabs />
      {children}
    </div>
  );
}
