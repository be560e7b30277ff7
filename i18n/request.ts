import { headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { loadCatalogue } from '@/lib/i18n/catalogue';
import { isLocale, negotiateLocale, type Locale } from '@/lib/i18n/locales';
import { canonicalTimeZone } from '@/lib/users/set-time-zone';
import { getCurrentSession } from '@/server/session';

/** Before a user's browser has reported its zone (the first heartbeat), and for everyone signed out. */
export const FALLBACK_TIME_ZONE = 'UTC';

// The signed-in user's language setting wins; without one (signed out, or "same as my browser"), the browser's
// Accept-Language.
// timeZone and now are given so that nothing formats with the server's own zone or clock by accident (next-intl
// warns ENVIRONMENT_FALLBACK, and server and browser would render different text): the zone the user's browser
// reported (components/presence), and this request's time. The client provider inherits both (app/layout.tsx).
export default getRequestConfig(async () => {
  const session = await getCurrentSession();
  const userLocale = session?.user.locale;
  const locale: Locale =
    userLocale && isLocale(userLocale) ? userLocale : negotiateLocale((await headers()).get('accept-language'));
  return {
    locale,
    messages: await loadCatalogue(locale),
    timeZone: canonicalTimeZone(session?.user.timeZone) ?? FALLBACK_TIME_ZONE,
    now: new Date(),
  };
});
