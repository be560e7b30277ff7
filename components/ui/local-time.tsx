'use client';

import { useFormatter } from 'next-intl';
import { useHydrated } from '@/components/ui/use-hydrated';
import { browserTimeZone } from './browser-time-zone';

export { browserTimeZone } from './browser-time-zone';

const formats = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  time: { timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * An instant in the reader's time zone and language. Rendered in the browser only (see useHydrated); the
 * machine-readable value is in the markup from the start. The zone is named explicitly: next-intl's is the one
 * the user's browser last reported (UTC before that), and this browser may be somewhere else by now.
 */
export function LocalTime({
  value,
  format = 'dateTime',
  className,
}: {
  value: string;
  format?: keyof typeof formats;
  className?: string;
}) {
  const hydrated = useHydrated();
  const formatter = useFormatter();
  return (
    <time dateTime={value} className={className}>
      {hydrated ? formatter.dateTime(new Date(value), { ...formats[format], timeZone: browserTimeZone() }) : null}
    </time>
  );
}
