// bench:fleet, the failover run: halfway through the delivery the last worker is SIGKILLed (no shutdown, its
// database sessions just drop), and this records what it held and how the other worker takes over.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Worker } from './fleet-processes';

export type KillOutcome = {
  killAt: number;
  /** Sync jobs pg-boss had active (any worker) and mailboxes marked syncing when the kill came. */
  activeJobsAtKill: number;
  syncingAtKill: string[];
  /** IDLE leases of the killed worker, and how long until every one of them was held by a survivor. */
  leasesHeld: number;
  leaseTakeoverMs: number | null;
};

export function killHalfway(client: pg.Client, workers: Worker[]) {
  const victim = workers.at(-1)!;
  let outcome: KillOutcome | undefined;
  let watching: Promise<void> | undefined;
  const atHalf = async () => {
    const pid = victim.child.pid!;
    // One after the other: a pg.Client runs one query at a time.
    const { rows: jobs } = await client.query(
      `select id from pgboss.job where name = 'mail-sync-mailbox' and state = 'active'`,
    );
    const { rows: syncing } = await client.query<{ id: string }>(
      `select id from mailboxes where sync_state in ('syncing', 'importing')`,
    );
    // The supervisor's worker id is host:pid:random (live-sync-supervisor.ts).
    const { rows: leases } = await client.query<{ mailbox_id: string }>(
      'select mailbox_id from mailbox_idle_leases where worker_id like $1',
      [`%:${pid}:%`],
    );
    victim.kill('SIGKILL');
    const killAt = Date.now();
    console.log(
      `--- SIGKILL ${victim.name} (pid ${pid}): ${jobs.length} sync jobs active, ${syncing.length} mailboxes syncing, ${leases.length} IDLE leases`,
    );
    outcome = {
      killAt,
      activeJobsAtKill: jobs.length,
      syncingAtKill: syncing.map((r) => r.id),
      leasesHeld: leases.length,
      leaseTakeoverMs: null,
    };
    const held = leases.map((r) => r.mailbox_id);
    watching = (async () => {
      while (Date.now() - killAt < 5 * 60_000) {
        const { rows } = await client.query<{ n: string }>(
          'select count(*) as n from mailbox_idle_leases where mailbox_id = any($1) and worker_id not like $2 and expires_at > now()',
          [held, `%:${pid}:%`],
        );
        if (Number(rows[0]!.n) >= held.length) {
          outcome!.leaseTakeoverMs = Date.now() - killAt;
          return;
        }
        await sleep(1_000);
      }
    })();
  };
  return {
    atHalf,
    victim,
    /** After the delivery: the outcome, with what became of the interrupted syncs. */
    async result() {
      await watching;
      if (!outcome) return undefined;
      const { rows } = await client.query<{ recovered: string; left_active: string }>(
        `select (select count(*) from mailboxes where id = any($1) and last_sync_at > $2) as recovered,
                (select count(*) from pgboss.job where name = 'mail-sync-mailbox' and state = 'active'
                   and started_on < $2) as left_active`,
        [outcome.syncingAtKill, new Date(outcome.killAt)],
      );
      const survivors = workers.filter((w) => w !== victim);
      const reset = survivors.flatMap((w) => w.log.filter((l) => l.includes('its sync ended with its process')));
      return {
        ...outcome,
        recovered: Number(rows[0]!.recovered),
        leftActive: Number(rows[0]!.left_active),
        reset: reset.length,
      };
    },
  };
}
