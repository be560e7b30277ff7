import { getLocale } from 'next-intl/server';
import { defaultLocale, isLocale, type Locale } from '@/lib/i18n/locales';

/**
 * The language this request negotiated (i18n/request.ts), for text lib writes and stores (a task's reference
 * lines, a quote's header). English outside a Next request (a handler called directly by its test).
 */
export async function requestLocale(): Promise<Locale> {
  try {
    const locale = await getLocale();
    return isLocale(locale) ? locale : defaultLocale;
  } catch {
    return defaultLocale;
  }
}
