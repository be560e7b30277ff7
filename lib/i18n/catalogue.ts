import { createTranslator } from 'use-intl/core';
import { defaultLocale, isLocale, type Locale } from './locales';

export type Catalogue = { [key: string]: string | Catalogue };

// One import per language, so a bundler splits them and a server loads only the languages it is asked for.
const loaders: Record<Locale, () => Promise<{ default: Catalogue }>> = {
  en: () => import('@/messages/en.json', { with: { type: 'json' } }),
  fr: () => import('@/messages/fr.json', { with: { type: 'json' } }),
  es: () => import('@/messages/es.json', { with: { type: 'json' } }),
  it: () => import('@/messages/it.json', { with: { type: 'json' } }),
  de: () => import('@/messages/de.json', { with: { type: 'json' } }),
  vi: () => import('@/messages/vi.json', { with: { type: 'json' } }),
};

export async function loadCatalogue(locale: Locale): Promise<Catalogue> {
  return (await loaders[locale]()).default;
}

/**
 * The language of a mail Mailroom sends to one of its users, who reads it with no page to negotiate from: the
 * language they chose, else the one their browser last asked for, else the request's (a reset asked from their
 * browser), else English.
 */
export function recipientLocale(
  user: { locale?: string | null; browserLocale?: string | null },
  requestLocale?: string | null,
): Locale {
  for (const candidate of [user.locale, user.browserLocale, requestLocale]) {
    if (candidate && isLocale(candidate)) return candidate;
  }
  return defaultLocale;
}

/** A translator over one namespace of a language's catalogue, for text written outside a page (mail). */
export async function translatorFor(locale: Locale, namespace: string, timeZone = 'UTC') {
  const messages = await loadCatalogue(locale);
  const translate = createTranslator({ locale, messages, namespace: namespace as never, timeZone });
  // Keys are checked by the catalogue test; createTranslator's key type is the union of a typed catalogue's keys.
  return (key: string, values?: Record<string, string | number | Date>) =>
    (translate as unknown as (key: string, values?: Record<string, string | number | Date>) => string)(key, values);
}
