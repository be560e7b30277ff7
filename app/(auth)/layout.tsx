import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('app');
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <p className="text-2xl font-semibold tracking-tight text-accent-fg">{t('name')}</p>
          <p className="text-sm text-fg-subtle">{t('tagline')}</p>
        </div>
        {children}
      </div>
    </main>
  );
}
