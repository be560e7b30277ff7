import { getDb } from '@/db/client';
import { LiveSyncSupervisor, type SupervisorOptions } from './live-sync-supervisor';

// One supervisor per process, wherever background jobs run (scripts/worker.ts, or the web process). Kept on
// globalThis: the web process loads this module twice (Next.js's bundle, and scripts/serve.ts through tsx),
// and the shutdown must find the supervisor that the bundle started.
const KEY = Symbol.for('mailroom.liveSync');
const holder = globalThis as { [KEY]?: LiveSyncSupervisor };

/** Starts live mail (IMAP IDLE for online readers) in this process; idempotent. */
export function startLiveSync(options: SupervisorOptions = {}): LiveSyncSupervisor {
  if (!holder[KEY]) {
    holder[KEY] = new LiveSyncSupervisor(getDb(), options);
    holder[KEY].start();
  }
  return holder[KEY];
}

/** Closes this process's IDLE connections and releases its leases (a clean shutdown). */
export async function stopLiveSync(): Promise<void> {
  const supervisor = holder[KEY];
  holder[KEY] = undefined;
  await supervisor?.stop();
}
