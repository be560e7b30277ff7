'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState, type ReactNode } from 'react';
import { browserTimeZone } from './browser-time-zone';
import { serverNow } from './server-clock';
import { useHydrated } from './use-hydrated';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How often the text can change at this distance: "just now" turns into minutes, minutes into hours… */
function tickFor(elapsedMs: number): number {
  if (elapsedMs < 2 * MINUTE) return 10_000;
  if (elapsedMs < HOUR) return 30_000;
  if (elapsedMs < DAY) return 5 * MINUTE;
  return HOUR;
}

/** The server's time (see server-clock.tsx), re-read on a schedule fitting the distance to `instant`. */
function useTickingNow(instant: number): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = serverNow();
      setNow(current);
      timer = setTimeout(tick, tickFor(current - instant));
    };
    tick();
    return () => clearTimeout(timer);
  }, [instant]);
  return now;
}

/**
 * "2 minutes ago", in the reader's language, kept current while the page is open. Rendered in the browser
 * only: the server's text would be older by the time the page hydrates (a mismatch). Never in the future: an
 * instant ahead of the corrected clock (the server's clock is ahead of this one, or a sync just ended) shows
 * as "just now". `children` puts the phrase into a sentence ("Synced {when}"). The exact time is the tooltip.
 */
export function RelativeTime({
  value,
  children,
  className,
}: {
  value: string | Date;
  children?: (when: string) => ReactNode;
  className?: string;
}) {
  const instant = new Date(value);
  const hydrated = useHydrated();
  const now = useTickingNow(instant.getTime());
  const format = useFormatter();
  const t = useTranslations('time');
  const iso = instant.toISOString();
  if (!hydrated) return <time dateTime={iso} className={className} />;
  const when = now - instant.getTime() < MINUTE ? t('justNow') : format.relativeTime(instant, { now: new Date(now) });
  return (
    <time
      dateTime={iso}
      className={className}
      title={format.dateTime(instant, { dateStyle: 'medium', timeStyle: 'short', timeZone: browserTimeZone() })}
    >
      {children ? children(when) : when}
    </time>
  );
}
