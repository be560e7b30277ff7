import { getTranslations } from 'next-intl/server';
import type { NavSection } from './nav-sections';

export async function ComingSoon({ section }: { section: Exclude<NavSection, 'settings'> }) {
  const tNav = await getTranslations('nav');
  const t = await getTranslations('comingSoon');
  return (
    <div className="mx-auto max-w-2xl p-6 md:p-10">
      <h1 className="text-xl font-semibold text-slate-900">{tNav(section)}</h1>
      <div className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <span className="inline-block rounded-full bg-brand-50 px-3 py-1 text-xs font-medium text-brand-700">{t('badge')}</span>
        <p className="mt-3 text-sm text-slate-600">{t(section)}</p>
      </div>
    </div>
  );
}
