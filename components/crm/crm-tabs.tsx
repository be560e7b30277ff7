'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

export function CrmTabs() {
  const t = useTranslations('crm.tabs');
  const pathname = usePathname();
  const tabs = [
    { href: '/crm', label: t('leads'), active: pathname === '/crm' || pathname.startsWith('/crm/leads') },
    { href: '/crm/contacts', label: t('contacts'), active: pathname.startsWith('/crm/contacts') },
  ];
  return (
    <nav aria-label={t('label')} className="flex gap-1 border-b border-line">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.active ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab.active ? 'border-accent-line text-accent-fg' : 'border-transparent text-fg-muted hover:text-fg'}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
