import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('errors');
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-4 p-8 text-center">
      <p className="text-lg font-medium">{t('pageNotFound')}</p>
      <Link href="/" className="text-accent-fg underline">
        {t('backHome')}
      </Link>
    </main>
  );
}
