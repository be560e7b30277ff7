// Adding a language = adding messages/<locale>.json and its entry here; no other code changes.
// Each language names itself, so someone who cannot read the current one still finds theirs.
export const localeNames = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  de: 'Deutsch',
  vi: 'Tiếng Việt',
} as const;

export type Locale = keyof typeof localeNames;
export const locales = Object.keys(localeNames) as Locale[];
export const defaultLocale: Locale = 'en';

export function isLocale(value: string): value is Locale {
  return Object.hasOwn(localeNames, value);
}

/** Picks the best supported locale from an Accept-Language header (for pages shown before sign-in). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0]!;
    if (isLocale(tag)) return tag;
    if (isLocale(base)) return base;
  }
  return defaultLocale;
}
