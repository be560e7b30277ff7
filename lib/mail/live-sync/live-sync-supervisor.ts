import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Db } from '@/db/client';
import { acquireIdleLease, type LeaseMode } from './acquire-idle-lease';
import { findLiveMailboxes, type LiveMailbox } from './find-live-mailboxes';
import { idlePerHost, idlePerWorker, POLL_INTERVAL_MS, RENEW_EVERY_MS, TICK_MS } from './live-sync-config';
import { MailboxWatcher } from './mailbox-watcher';
import { releaseIdleLeases, setIdleLeaseMode } from './release-idle-leases';
import { renewIdleLeases } from './renew-idle-leases';
import { type LiveSyncOutcome, runLiveSync, type SyncUrgency } from './run-live-sync';

export type SupervisorOptions = {
  workerId?: string;
  perWorkerCap?: number;
  perHostCap?: number;
  tickMs?: number;
  renewEveryMs?: number;
  pollIntervalMs?: number;
  /** Only these organizations' mailboxes (tests that share a database). */
  orgIds?: readonly string[];
  sync?: (mailbox: LiveMailbox, urgency: SyncUrgency) => Promise<LiveSyncOutcome>;
  /** Called whenever the set of mailboxes this process has an IDLE connection on changes. */
  onIdlingChange?: (idling: ReadonlySet<string>) => void;
};

/**
 * One per worker process. Every tick it renews its leases (dropping at once the mailboxes whose lease another
 * worker took), lets go of mailboxes nobody reads any more, and takes the leases of newly read ones: IDLE up
 * to the worker's and the host's caps, polling beyond. Leases make sure one mailbox has one live connection
 * across the fleet; a worker that dies stops renewing and its mailboxes are taken over after the TTL.
 */
export class LiveSyncSupervisor {
  readonly workerId: string;
  private readonly watchers = new Map<string, MailboxWatcher>();
  private readonly idling = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private lastRenewal = 0;
  private readonly dropping = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly options: SupervisorOptions = {},
  ) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  start(): void {
    const loop = () => {
      this.ticking = this.tick()
        .catch((error: unknown) => log(`tick failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.ticking = undefined;
          if (!this.stopped) this.timer = setTimeout(loop, this.options.tickMs ?? TICK_MS);
        });
    };
    loop();
  }

  /** Mailboxes held, with their mode. */
  held(): Map<string, LeaseMode> {
    return new Map([...this.watchers].map(([id, watcher]) => [id, watcher.mode]));
  }

  /** Closes every connection, then releases every lease, so other workers take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.all(this.dropping);
    const ids = [...this.watchers.keys()];
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.stop()));
    this.watchers.clear();
    await releaseIdleLeases(this.db, { workerId: this.workerId, mailboxIds: ids });
  }

  async tick(): Promise<void> {
    if (Date.now() - this.lastRenewal >= (this.options.renewEveryMs ?? RENEW_EVERY_MS)) {
      const renewStarted = Date.now();
      const ids = [...this.watchers.keys()];
      const renewed = await renewIdleLeases(this.db, { workerId: this.workerId, mailboxIds: ids });
      this.lastRenewal = renewStarted;
      for (const id of ids) {
        if (renewed.has(id)) this.watchers.get(id)?.renewed(renewStarted);
        else this.drop(id, { release: false });
      }
    }
    const wanted = await findLiveMailboxes(this.db, { orgIds: this.options.orgIds });
    const wantedIds = new Set(wanted.map((m) => m.id));
    for (const id of [...this.watchers.keys()]) if (!wantedIds.has(id)) this.drop(id, { release: true });
    for (const mailbox of wanted) {
      if (this.stopped) return;
      if (this.watchers.has(mailbox.id)) continue;
      const idleHeld = [...this.watchers.values()].filter((w) => w.mode === 'idle').length;
      const acquireStarted = Date.now();
      const mode = await acquireIdleLease(this.db, {
        mailboxId: mailbox.id,
        workerId: this.workerId,
        imapHost: mailbox.imapHost,
        mode: idleHeld < (this.options.perWorkerCap ?? idlePerWorker()) ? 'idle' : 'poll',
        perHostCap: this.options.perHostCap ?? idlePerHost(),
      });
      if (mode) this.watch(mailbox, mode, acquireStarted);
    }
  }

  private watch(mailbox: LiveMailbox, mode: LeaseMode, leaseAt: number): void {
    const mailboxId = mailbox.id;
    const sync = this.options.sync;
    const watcher = new MailboxWatcher(this.db, {
      mailboxId,
      mode,
      pollIntervalMs: this.options.pollIntervalMs ?? POLL_INTERVAL_MS,
      sync: (urgency) =>
        sync ? sync(mailbox, urgency) : runLiveSync(this.db, { mailboxId, imapHost: mailbox.imapHost, urgency }),
      onIdling: (id, idling) => {
        if (idling) this.idling.add(id);
        else this.idling.delete(id);
        this.options.onIdlingChange?.(new Set(this.idling));
      },
      onPolling: (id) =>
        void setIdleLeaseMode(this.db, { workerId: this.workerId, mailboxId: id, mode: 'poll' }).catch(() => {}),
      onEnd: (id, why) => {
        if (this.watchers.get(id) !== watcher) return;
        this.watchers.delete(id);
        // An expired lease may be another worker's by now; anything else is ours to give back.
        if (why !== 'lease-expired')
          void releaseIdleLeases(this.db, { workerId: this.workerId, mailboxIds: [id] }).catch(() => {});
      },
    });
    this.watchers.set(mailboxId, watcher);
    watcher.start(leaseAt);
  }

  /**
   * Stops watching a mailbox. Not awaited by the tick (a watcher may be mid-connect for seconds, and renewals
   * must not wait); the lease goes only once the connection is closed: never two IDLEs on one mailbox.
   */
  private drop(mailboxId: string, options: { release: boolean }): void {
    const watcher = this.watchers.get(mailboxId);
    this.watchers.delete(mailboxId);
    const dropped = (async () => {
      await watcher?.stop();
      if (options.release) await releaseIdleLeases(this.db, { workerId: this.workerId, mailboxIds: [mailboxId] });
    })()
      .catch((error: unknown) =>
        log(`release of ${mailboxId} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => this.dropping.delete(dropped));
    this.dropping.add(dropped);
  }
}

function log(line: string): void {
  process.stderr.write(`[live] ${line}\n`);
}
