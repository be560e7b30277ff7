'use client';

import { useEffect } from 'react';
import { afterFirstPaint } from '@/components/ui/after-first-paint';
import { browserTimeZone } from '@/components/ui/browser-time-zone';

/** Well inside the server's 2-minute online window, so one lost beat does not make the user look away. */
export const HEARTBEAT_INTERVAL_MS = 60 * 1000;

function sendHeartbeat(): void {
  // keepalive lets a beat sent just before the tab is hidden or closed still arrive. A failed beat is not the
  // user's concern: the next one, a minute later, is the retry. The zone goes with every beat: the server
  // renders this user's dates in it, and a laptop that travelled reports its new one within the minute.
  fetch('/api/presence', {
    method: 'POST',
    credentials: 'same-origin',
    keepalive: true,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ timeZone: browserTimeZone() || undefined }),
  }).catch(() => {});
}

/**
 * Tells the server this user is online (SPEC §4) while this tab is visible: a beat at once when the tab shows,
 * then every `intervalMs`. A hidden or minimized tab sends nothing, so it stops counting after the window.
 * Renders nothing; mount it once in the signed-in layout.
 */
export function PresenceHeartbeat({ intervalMs = HEARTBEAT_INTERVAL_MS }: { intervalMs?: number }) {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;

    const stop = () => {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
    };
    const beatIfVisible = () => {
      // Checked again on each tick: a missed visibilitychange must not leave a hidden tab beating.
      if (document.visibilityState === 'visible') sendHeartbeat();
      else stop();
    };
    const onVisibilityChange = () => {
      if (document.visibilityState !== 'visible') return stop();
      if (timer !== undefined) return;
      sendHeartbeat();
      timer = setInterval(beatIfVisible, intervalMs);
    };

    // The first beat waits until the page has loaded: the first screen's own requests go first.
    const cancelFirst = afterFirstPaint(onVisibilityChange);
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      cancelFirst();
      document.removeEventListener('visibilitychange', onVisibilityChange);
      stop();
    };
  }, [intervalMs]);

  return null;
}
