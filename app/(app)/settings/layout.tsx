import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { requireSession } from '@/server/session';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession();
  const t = await getTranslations('settings');
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-6 md:p-10">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <SettingsTabs isAdmin={user.role === 'admin'} />
      {children}
    </div>
  );
}
