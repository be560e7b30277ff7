import { recipientLocale, translatorFor } from '../i18n/catalogue';
import type { Locale } from '../i18n/locales';
import { canonicalTimeZone } from '../users/set-time-zone';

const INSTANT_FIELDS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

export type MailReader = {
  locale?: string | null;
  browserLocale?: string | null;
  timeZone?: string | null;
};

/**
 * What a system mail needs to be written for one reader: their language (lib/i18n/catalogue recipientLocale),
 * the `systemMail.<kind>` sentences in it, and instants in their language and time zone (UTC until their
 * browser has reported one), with the zone named so a reader elsewhere is not misled.
 */
export async function mailTextFor(reader: MailReader, kind: string, requestLocale?: string | null) {
  const locale: Locale = recipientLocale(reader, requestLocale);
  const timeZone = canonicalTimeZone(reader.timeZone) ?? 'UTC';
  const t = await translatorFor(locale, `systemMail.${kind}`, timeZone);
  const instant = (date: Date) =>
    // Fields rather than dateStyle: Intl refuses timeZoneName beside a style, and the zone must be named.
    new Intl.DateTimeFormat(locale, { ...INSTANT_FIELDS, timeZone }).format(date);
  return { locale, t, instant };
}
