// The timing and caps of live mail (IMAP IDLE for online readers), in one place.

/** A lease lives this long unless renewed: a dead worker's mailboxes are free again after at most this. */
export const LEASE_TTL_MS = 20_000;
/** Leases are renewed this often. A dead worker's mailboxes are taken over within TTL + one tick (≤ 22 s). */
export const RENEW_EVERY_MS = 5_000;
/** The supervisor's tick: renews when due, then looks for readers who came or went. */
export const TICK_MS = 2_000;
/**
 * A watcher stops idling once its lease was last renewed this long ago, ahead of the TTL: a process stalled
 * past its lease must be off the server before another worker may take the mailbox.
 */
export const LEASE_SAFETY_MS = LEASE_TTL_MS - 3_000;
/** Servers without IDLE, and mailboxes over a cap, are synced this often while someone reads them. */
export const POLL_INTERVAL_MS = 60_000;
/** Changes reported in a burst (a client deleting 50 messages) make one sync. */
export const DEBOUNCE_MS = 200;

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** IDLE connections one worker process holds (MAILROOM_IDLE_PER_WORKER, default 500); the rest are polled. */
export function idlePerWorker(): number {
  return positiveIntegerFromEnv('MAILROOM_IDLE_PER_WORKER', 500);
}

/**
 * IDLE connections to one mail server across the fleet (MAILROOM_IDLE_PER_HOST, default 1000), counted from
 * the leases; the rest are polled. A company's own server holds one IDLE per online employee, so this is far
 * above the per-process cap of sync connections (mailbox-sync-lock.ts), which still applies to every sync.
 */
export function idlePerHost(): number {
  return positiveIntegerFromEnv('MAILROOM_IDLE_PER_HOST', 1000);
}

/** The transaction-scoped advisory lock that serializes IDLE leases of one host: hashtextextended(host, this). */
export const HOST_LEASE_LOCK_SEED = 7271;
