import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailboxes, users } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { createIsolatedDatabase } from '@/test/database';
import { connectedMailbox } from '@/test/mail-fixture';
import { enqueueJob, getBoss, openBoss, stopBoss } from './boss';

// Real worker processes (scripts/worker.ts, production settings: polls every 2 s, the scheduler's cron every
// minute) on a database of their own, syncing from a real Dovecot; one is killed with SIGKILL mid-import.

type WorkerProcess = { name: string; child: ChildProcess; output: string[]; exit: Promise<number | null> };

let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let dovecot: DovecotServer;
let smtp: SmtpCapture;
const workers: WorkerProcess[] = [];

async function spawnWorker(name: string): Promise<WorkerProcess> {
  // The application_name tells which worker holds a mailbox's lock (pg_stat_activity).
  const url = new URL(database.url);
  url.searchParams.set('application_name', name);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const worker = { name, child, output, exit };
  await new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(line);
      if (output.some((line) => line.includes('running background jobs'))) resolve();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    void exit.then((code) => reject(new Error(`worker ${name} exited with ${code}:\n${output.join('\n')}`)));
  });
  return worker;
}

async function mailboxState(mailboxId: string) {
  const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  return row!;
}

async function jobOf(id: string) {
  const { rows } = await getDb().execute<{
    state: string;
    retry_count: number;
    output: Record<string, unknown> | null;
  }>(sql`select state, retry_count, output from pgboss.job where id = ${id}`);
  return rows[0];
}

async function activeSyncJobs(mailboxId: string): Promise<string[]> {
  const { rows } = await getDb().execute<{ id: string }>(
    sql`select id from pgboss.job where name = 'mail-sync-mailbox' and state = 'active' and data->>'mailboxId' = ${mailboxId}`,
  );
  return rows.map((r) => r.id);
}

/** One pass of pg-boss's maintenance (it expires active jobs past their expireInSeconds), as every boss runs. */
async function runBossMaintenance(): Promise<void> {
  const { boss, stop } = await openBoss({ settings: { maintenanceIntervalSeconds: 1, supervise: true } });
  try {
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        boss.off('maintenance', done);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error('no pg-boss maintenance within 20 s')), 20_000);
      boss.on('maintenance', done);
    });
  } finally {
    await stop();
  }
}

async function lockHolder(mailboxId: string): Promise<string | undefined> {
  const { rows } = await getDb().execute<{ name: string }>(sql`
    select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and ((l.classid::int8 << 32) | l.objid::int8) = hashtextextended(${mailboxId}, 7270)`);
  return rows[0]?.name;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

beforeAll(async () => {
  database = await createIsolatedDatabase();
  // This file's own queries and jobs go to that database too (getDb and getBoss read DATABASE_URL lazily).
  process.env.DATABASE_URL = database.url;
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  await getBoss(); // pg-boss's schema and queues exist before the workers start
  // A probe of every sync's start and end: a sync marks its mailbox 'syncing' (with a new lastSyncStartedAt)
  // once it holds the lock, and 'idle'/'error' when it ends (or the scheduler finds it dead).
  await getDb().execute(
    sql.raw(`
    create table sync_probe (mailbox_id uuid not null, event text not null, at timestamptz not null default clock_timestamp());
    create function sync_probe() returns trigger language plpgsql as $$
    begin
      if new.sync_state = 'syncing' and new.last_sync_started_at is distinct from old.last_sync_started_at then
        insert into sync_probe (mailbox_id, event) values (new.id, 'start');
      elsif old.sync_state in ('syncing', 'importing') and new.sync_state in ('idle', 'error') then
        insert into sync_probe (mailbox_id, event) values (new.id, 'end');
      end if;
      return new;
    end $$;
    create trigger sync_probe after update on mailboxes for each row execute function sync_probe();`),
  );
  workers.push(...(await Promise.all([spawnWorker('worker-1'), spawnWorker('worker-2')])));
}, 180_000);

afterAll(async () => {
  // What the workers logged ("[jobs] fetch failed …" on a stuck queue, "[sync] mailbox …" from the scheduler).
  for (const worker of workers) console.log(`${worker.name} output:\n  ${worker.output.join('\n  ')}`);
  for (const worker of workers) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    const exited = await Promise.race([worker.exit.then(() => true), sleep(15_000).then(() => false)]);
    if (!exited) worker.child.kill('SIGKILL');
  }
  await stopBoss();
  await closeDb();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
  await database?.drop();
}, 60_000);

describe('sync jobs when a worker process dies', () => {
  it('a job left active by a dead process, with a Sync click waiting behind it, holds up no other mailbox', async () => {
    const stuck = await connectedMailbox(dovecot, smtp);
    const other = await connectedMailbox(dovecot, smtp);
    await Promise.all([stuck.seed('INBOX', [{ subject: 'stuck' }]), other.seed('INBOX', [{ subject: 'other' }])]);
    const boss = await getBoss();
    // What a killed worker leaves: the mailbox's job active with nobody running it. Sent for later and fetched
    // here, so that no live worker takes it first.
    await boss.send(
      'mail-sync-mailbox',
      { mailboxId: stuck.mailbox.id },
      { singletonKey: stuck.mailbox.id, startAfter: 3600 },
    );
    const [dead] = await boss.fetch<{ mailboxId: string }>('mail-sync-mailbox', { ignoreStartAfter: true });
    expect(dead?.data.mailboxId).toBe(stuck.mailbox.id);

    // The user, seeing it stuck, presses Sync; then another mailbox is due.
    expect(await enqueueJob('mail-sync-mailbox', { mailboxId: stuck.mailbox.id })).toEqual(expect.any(String));
    const queuedAt = Date.now();
    await enqueueJob('mail-sync-mailbox', { mailboxId: other.mailbox.id });
    await waitFor(
      'the other mailbox to start syncing',
      10_000,
      async () => (await mailboxState(other.mailbox.id)).lastSyncStartedAt ?? undefined,
    );
    console.log(`other mailbox started ${Date.now() - queuedAt} ms after it was queued behind a dead job`);
    await waitFor('both mailboxes synced', 20_000, async () => {
      const states = await Promise.all([mailboxState(stuck.mailbox.id), mailboxState(other.mailbox.id)]);
      return states.every((s) => s.lastSyncAt !== null) ? true : undefined;
    });
    for (const worker of workers) expect(worker.output.filter((line) => line.includes('failed'))).toEqual([]);
  });

  it('a worker killed mid-import holds up no other mailbox, and the survivor finishes the import within 2 minutes', async () => {
    const MESSAGES = 5000;
    const big = await connectedMailbox(dovecot, smtp);
    const other = await connectedMailbox(dovecot, smtp);
    await big.seed(
      'INBOX',
      Array.from({ length: MESSAGES }, (_, i) => ({ subject: `bulk ${i}` })),
    );
    await other.seed('INBOX', [{ subject: 'after the crash' }]);
    // Both organizations offline: the scheduler leaves them alone until the big one's owner shows up.

    const enqueuedAt = Date.now();
    expect(await enqueueJob('mail-sync-mailbox', { mailboxId: big.mailbox.id })).toEqual(expect.any(String));
    await waitFor(
      'the big import to be under way',
      60_000,
      async () => {
        const state = await mailboxState(big.mailbox.id);
        return state.importDone > 0 && state.importDone < state.importTotal ? true : undefined;
      },
      50,
    );
    console.log(`big import under way ${Date.now() - enqueuedAt} ms after it was queued`);

    // Singleton: the same mailbox queued again while it syncs runs in a free poller of either worker, finds the
    // lock taken and ends without syncing.
    const duplicate = await enqueueJob('mail-sync-mailbox', { mailboxId: big.mailbox.id });
    expect(duplicate).toEqual(expect.any(String));
    const skipped = await waitFor('the duplicate job to end', 10_000, async () => {
      const job = await jobOf(duplicate!);
      return job?.state === 'completed' ? job.output : undefined;
    });
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'already syncing' });

    const state = await mailboxState(big.mailbox.id);
    expect(state.importDone, 'the import must still run at the kill: seed more messages').toBeLessThan(
      state.importTotal,
    );
    const holder = await lockHolder(big.mailbox.id);
    const victim = workers.find((w) => w.name === holder);
    expect(victim, `lock of the big mailbox held by ${holder}`).toBeDefined();
    // The job the victim runs the import in: pg-boss keeps it 'active' after the kill (it has no heartbeat).
    const deadJobs = await activeSyncJobs(big.mailbox.id);
    expect(deadJobs).toHaveLength(1);
    victim!.child.kill('SIGKILL');
    await victim!.exit;
    const killedAt = Date.now();
    const atKill = await mailboxState(big.mailbox.id);
    console.log(`killed ${victim!.name} at ${atKill.importDone}/${atKill.importTotal}`);

    await enqueueJob('mail-sync-mailbox', { mailboxId: other.mailbox.id });
    await waitFor(
      'the other mailbox to start syncing',
      10_000,
      async () => (await mailboxState(other.mailbox.id)).lastSyncStartedAt ?? undefined,
    );
    const otherStartedMs = Date.now() - killedAt;
    await waitFor(
      'the other mailbox synced',
      30_000,
      async () => (await mailboxState(other.mailbox.id)).lastSyncAt ?? undefined,
    );
    console.log(`other mailbox started ${otherStartedMs} ms and finished ${Date.now() - killedAt} ms after the kill`);

    // The big mailbox's owner is online: the scheduler's next tick finds its sync dead and enqueues it again.
    await getDb().update(users).set({ lastSeenAt: new Date() }).where(eq(users.id, big.user.id));
    const done = await waitFor(
      'the big mailbox synced by the survivor',
      120_000 - (Date.now() - killedAt),
      async () => {
        const s = await mailboxState(big.mailbox.id);
        return s.lastSyncAt ? s : undefined;
      },
      500,
    );
    console.log(`big mailbox fully synced ${Date.now() - killedAt} ms after the kill`);

    expect(done).toMatchObject({ syncState: 'idle', importDone: MESSAGES, importTotal: MESSAGES, lastErrorCode: null });
    const { rows } = await getDb().execute<{ total: number; distinct: number }>(
      sql`select count(*)::int as total, count(distinct message_id_header)::int as distinct from messages where mailbox_id = ${big.mailbox.id}`,
    );
    expect(rows[0]).toEqual({ total: MESSAGES, distinct: MESSAGES });
    // One sync at a time: started, found dead by the scheduler, started again by the survivor, ended.
    const probe = await getDb().execute<{ event: string; at: Date }>(
      sql`select event, at from sync_probe where mailbox_id = ${big.mailbox.id} order by at`,
    );
    expect(probe.rows.map((r) => r.event)).toEqual(['start', 'end', 'start', 'end']);
    const [, found, resumed, ended] = probe.rows.map((r) => new Date(r.at).getTime() - killedAt);
    console.log(
      `after the kill: found dead by the scheduler at ${found} ms, resumed at ${resumed} ms, ended at ${ended} ms`,
    );
    const survivor = workers.find((w) => w !== victim)!;
    expect(survivor.output.filter((line) => line.includes('failed'))).toEqual([]);

    // The scheduler's takeover ended the dead job, so pg-boss's expiry cannot run it a second time. Made as
    // old as its expiry (an hour) and put through pg-boss's maintenance, it stays completed and never reruns.
    expect(await jobOf(deadJobs[0]!)).toMatchObject({
      state: 'completed',
      retry_count: 0,
      output: { mailboxId: big.mailbox.id, status: 'interrupted' },
    });
    await getDb().execute(
      sql`update pgboss.job set started_on = started_on - interval '2 hours' where id = ${deadJobs[0]!}`,
    );
    await runBossMaintenance();
    await sleep(3_000);
    expect(await jobOf(deadJobs[0]!)).toMatchObject({ state: 'completed', retry_count: 0 });
    expect(await activeSyncJobs(big.mailbox.id)).toEqual([]);
    const after = await getDb().execute<{ event: string }>(
      sql`select event from sync_probe where mailbox_id = ${big.mailbox.id} order by at`,
    );
    expect(after.rows.map((r) => r.event)).toEqual(['start', 'end', 'start', 'end']);
  }, 240_000);
});
