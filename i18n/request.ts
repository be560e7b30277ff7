import { headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { isLocale, negotiateLocale, type Locale } from '@/lib/i18n/locales';
import { getCurrentSession } from '@/server/session';

// The signed-in user's language setting wins; before sign-in, the browser's Accept-Language.
export default getRequestConfig(async () => {
  const session = await getCurrentSession();
  const userLocale = session?.user.locale;
  const locale: Locale =
    userLocale && isLocale(userLocale) ? userLocale : negotiateLocale((await headers()).get('accept-language'));
  return { locale, messages: (await import(`../messages/${locale}.json`)).default };
});
