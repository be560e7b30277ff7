// bench:fleet: polling a condition, with a progress line every 30 s.
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` every 2 s until it returns true; a string is its progress. Throws after `timeoutMs`. */
export async function waitFor(
  log: (line: string) => void,
  what: string,
  timeoutMs: number,
  check: () => Promise<true | string>,
): Promise<number> {
  const started = Date.now();
  let lastLog = started;
  for (;;) {
    const state = await check();
    if (state === true) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not done after ${timeoutMs / 1000} s (${state})`);
    if (Date.now() - lastLog >= 30_000) {
      lastLog = Date.now();
      log(`${what}: ${state}`);
    }
    await sleep(2_000);
  }
}
