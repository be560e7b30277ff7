'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { navSections } from './nav-sections';

export function AppNav() {
  const t = useTranslations('nav');
  const tShell = useTranslations('shell');
  const pathname = usePathname();
  const router = useRouter();
  return (
    <nav aria-label={tShell('navigation')} className="shrink-0 border-line bg-surface md:w-52 md:border-r">
      <ul className="flex gap-1 overflow-x-auto px-2 py-2 md:flex-col md:px-3 md:py-4">
        {navSections.map((section) => {
          const href = `/${section}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={section}>
              <Link
                href={href}
                // Not prefetched as the page loads (six requests the first screen does not need), but as soon
                // as the pointer or the focus shows the intent to go there.
                prefetch={false}
                onMouseEnter={() => router.prefetch(href)}
                onFocus={() => router.prefetch(href)}
                onTouchStart={() => router.prefetch(href)}
                aria-current={active ? 'page' : undefined}
                className={`block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
                  active ? 'bg-accent-subtle text-accent-fg' : 'text-fg-muted hover:bg-surface-muted'
                }`}
              >
                {t(section)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
