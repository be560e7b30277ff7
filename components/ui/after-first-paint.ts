'use client';

/**
 * Runs `task` once the page has loaded and the browser is idle (or after `timeoutMs` at the latest), so that
 * requests the first screen does not need (the sync of the open mailbox, the presence beat, prefetches) do not
 * compete with the ones it does. Returns a function that cancels it.
 */
export function afterFirstPaint(task: () => void, timeoutMs = 1_000): () => void {
  let cancelled = false;
  let idle: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (cancelled) return;
    if (typeof window.requestIdleCallback === 'function')
      idle = window.requestIdleCallback(run, { timeout: timeoutMs });
    else timer = setTimeout(run, 0);
  };
  const run = () => {
    if (!cancelled) task();
  };
  if (document.readyState === 'complete') schedule();
  else window.addEventListener('load', schedule, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener('load', schedule);
    if (idle !== undefined) window.cancelIdleCallback(idle);
    if (timer !== undefined) clearTimeout(timer);
  };
}
