import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import type { Db } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { requiresReauth } from '../errors';
import { openMailboxImap } from '../imap/open-mailbox-imap';
import type { LeaseMode } from './acquire-idle-lease';
import { DEBOUNCE_MS, LEASE_SAFETY_MS } from './live-sync-config';
import type { LiveSyncOutcome, SyncUrgency } from './run-live-sync';

export type WatcherEnd = 'stopped' | 'lease-expired' | 'reauth' | 'gone';

export type WatcherOptions = {
  mailboxId: string;
  mode: LeaseMode;
  pollIntervalMs: number;
  sync: (urgency: SyncUrgency) => Promise<LiveSyncOutcome>;
  /** The IDLE connection is up (true) or closed (false): what the worker reports as held. */
  onIdling: (mailboxId: string, idling: boolean) => void;
  /** The server has no IDLE: from now on this watcher polls. */
  onPolling: (mailboxId: string) => void;
  /** The watcher ended by itself (its lease ran out unrenewed, a refused password, the mailbox removed). */
  onEnd: (mailboxId: string, why: WatcherEnd) => void;
};

const MAX_BACKOFF_MS = 60_000;

/**
 * Live mail for one mailbox while this worker holds its lease: an IMAP connection IDLE on INBOX whose
 * EXISTS / EXPUNGE / FETCH (flags) responses run the mailbox's incremental sync (debounced, one at a time), or
 * a sync every poll interval where the server lacks IDLE or a cap was reached. Reconnects with backoff.
 */
export class MailboxWatcher {
  mode: LeaseMode;
  private stopped = false;
  private client: ImapFlow | undefined;
  private readonly stopSignal = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private debounce: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private again = false;
  private urgency: SyncUrgency = 'routine';
  private firstScheduledAt: number | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: WatcherOptions,
  ) {
    this.mode = options.mode;
  }

  start(leaseRenewedAt: number): void {
    this.renewed(leaseRenewedAt);
    this.loop = this.run().catch((error: unknown) => this.log(`stopped on an error: ${describe(error)}`));
  }

  /** The lease was renewed at `at` (when the renewal started): the connection may stay until the safety bound. */
  renewed(at: number): void {
    clearTimeout(this.leaseTimer);
    this.leaseTimer = setTimeout(() => this.end('lease-expired'), Math.max(0, at + LEASE_SAFETY_MS - Date.now()));
    this.leaseTimer.unref();
  }

  /** Closes the connection and ends every timer; resolves once the IDLE connection is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.leaseTimer);
    clearTimeout(this.debounce);
    this.stopSignal.abort();
    this.client?.close();
    await this.loop;
  }

  private end(why: WatcherEnd): void {
    if (this.stopped) return;
    void this.stop().then(() => this.options.onEnd(this.options.mailboxId, why));
  }

  private async run(): Promise<void> {
    let backoff = 1_000;
    while (!this.stopped) {
      if (this.mode === 'poll') {
        // Not awaited: stop() must never wait for a sync (it holds up the supervisor's tick); a sync still
        // running at the next poll makes one more when it ends.
        void this.syncNow();
        await this.wait(this.options.pollIntervalMs);
        continue;
      }
      try {
        await this.idleUntilClosed(() => {
          backoff = 1_000;
        });
      } catch (error) {
        if (this.stopped) break;
        if (requiresReauth(error)) {
          // The sync records the refused password on the mailbox exactly as a scheduled sync would.
          await this.options.sync('routine').catch(() => {});
          this.end('reauth');
          break;
        }
        this.log(`connection failed, retrying in ${backoff / 1000} s: ${describe(error)}`);
      }
      await this.wait(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  private async idleUntilClosed(onConnected: () => void): Promise<void> {
    const [mailbox] = await this.db.select().from(mailboxes).where(eq(mailboxes.id, this.options.mailboxId));
    if (!mailbox || mailbox.requiresReauth) return this.end('gone');
    const client = await openMailboxImap(this.db, mailbox);
    this.client = client;
    try {
      if (this.stopped) return;
      if (!client.capabilities.has('IDLE')) {
        this.mode = 'poll';
        this.options.onPolling(this.options.mailboxId);
        return;
      }
      for (const event of ['exists', 'expunge', 'flags', 'highestModseq'] as const)
        client.on(event, () => this.schedule('change'));
      // EXAMINE: this connection only listens; flags are still reported while it idles.
      await client.mailboxOpen('INBOX', { readOnly: true });
      onConnected();
      // What arrived while nobody was listening (before the lease, or between two connections).
      this.schedule('routine');
      this.options.onIdling(this.options.mailboxId, true);
      // idle() returns when IDLE is broken: by imapflow's keepalive NOOP after a quiet socketTimeout (it does not
      // restart IDLE itself with disableAutoIdle), or because the connection closed.
      let quick = 0;
      while (!this.stopped && client.usable) {
        const started = Date.now();
        if ((await client.idle()) === false) throw new Error('the server refused IDLE');
        // idle() also returns at once when nothing is selected any more: reconnect rather than spin.
        quick = Date.now() - started < 100 ? quick + 1 : 0;
        if (quick >= 10) throw new Error('IDLE keeps ending at once');
      }
    } finally {
      client.close();
      this.client = undefined;
      this.options.onIdling(this.options.mailboxId, false);
    }
  }

  /**
   * Runs the sync DEBOUNCE_MS after the last change reported (at most 5 × DEBOUNCE_MS after the first, so a
   * steady stream of changes still syncs); changes during a sync make one more.
   */
  private schedule(urgency: SyncUrgency): void {
    if (this.stopped) return;
    if (urgency === 'change') this.urgency = 'change';
    this.firstScheduledAt ??= Date.now();
    if (Date.now() - this.firstScheduledAt >= 5 * DEBOUNCE_MS) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.firstScheduledAt = undefined;
      void this.syncNow();
    }, DEBOUNCE_MS);
  }

  private async syncNow(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      let failures = 0;
      do {
        this.again = false;
        const urgency = this.urgency;
        this.urgency = 'routine';
        const outcome = await this.options.sync(urgency).catch((error: unknown) => {
          this.log(`sync failed: ${describe(error)}`);
          return 'failed' as const;
        });
        if (outcome === 'reauth') return this.end('reauth');
        // A scheduled or manual sync holds the mailbox: it may have looked at INBOX before this change.
        if (outcome === 'busy' || (outcome === 'failed' && failures < 2)) {
          this.urgency = urgency;
          this.again = true;
          // A passing failure (the server or the database for a moment) is tried twice more; past that the
          // next change, poll or scheduled sync picks the mailbox up.
          await this.wait(outcome === 'busy' ? 1_000 : 5_000 * ++failures);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async wait(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopSignal.signal }).catch(() => {});
  }

  private log(line: string): void {
    process.stderr.write(`[live] mailbox ${this.options.mailboxId}: ${line}\n`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
