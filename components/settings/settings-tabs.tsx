'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

export function SettingsTabs({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations('settings.tabs');
  const tSettings = useTranslations('settings');
  const tCrm = useTranslations('crm');
  const pathname = usePathname();
  const tabs = [
    { href: '/settings', label: t('profile') },
    { href: '/settings/mailboxes', label: t('mailboxes') },
    { href: '/settings/security', label: t('security') },
    { href: '/settings/sessions', label: t('sessions') },
    ...(isAdmin
      ? [
          { href: '/settings/plan', label: t('plan') },
          { href: '/settings/users', label: t('users') },
          { href: '/settings/crm', label: tCrm('settingsTab') },
          { href: '/settings/audit', label: t('audit') },
        ]
      : []),
  ];
  return (
    <nav aria-label={tSettings('title')} className="flex gap-1 border-b border-line">
      {tabs.map((tab) => {
        const active = tab.href === '/settings' ? pathname === tab.href : pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? 'border-accent-line text-accent-fg' : 'border-transparent text-fg-muted hover:text-fg'}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
