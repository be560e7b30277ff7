import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { ServerClock } from '@/components/ui/server-clock';
import { getCurrentSession } from '@/server/session';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app');
  return { title: { default: t('name'), template: `%s · ${t('name')}` }, description: t('tagline') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, never at build time: Next.js puts the CSP nonce proxy.ts made for this
  // request on its script tags while rendering, and a prerendered page's scripts would carry none (blocked).
  await connection();
  const [locale, theme] = await Promise.all([getLocale(), pinnedTheme()]);
  return (
    <html lang={locale} data-theme={theme}>
      <body>
        {/* Inherits locale, messages, timeZone and now from i18n/request.ts. */}
        <NextIntlClientProvider>
          <ServerClock />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

/**
 * The theme the signed-in user pinned, written on <html> in the server's HTML so the first paint already has
 * it (app/globals.css reads the attribute). 'system', and anyone signed out, get no attribute: the browser's
 * prefers-color-scheme then decides in CSS, with no script to wait for.
 */
async function pinnedTheme(): Promise<'light' | 'dark' | undefined> {
  const theme = (await getCurrentSession())?.user.theme;
  return theme === 'light' || theme === 'dark' ? theme : undefined;
}
