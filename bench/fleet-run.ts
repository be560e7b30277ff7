// bench:fleet, one configuration (FLEET_RUN_WORKERS workers, FLEET_RUN_KILL=1 to SIGKILL one halfway), in a
// process of its own started by bench/fleet.ts: fresh PostgreSQL, Dovecot, seed, imports, delivery, report.
import path from 'node:path';
import pg from 'pg';
import { closeDb, getDb } from '@/db/client';
import { freePort } from '@/scripts/free-port';
import { startDovecot } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { deliverSteadily, startHeartbeats } from './fleet-delivery';
import { killHalfway } from './fleet-kill';
import { printReport } from './fleet-print';
import { startSampler, startWorker, stopWorker, workerCommand } from './fleet-processes';
import { startPgSampler } from './fleet-report';
import { seedFleet } from './fleet-seed';
import { waitFor } from './fleet-wait';
import { ensureBuild, sessionCookie, startNext } from './next-server';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const config = {
  mailboxes: env('FLEET_MAILBOXES', 1000),
  messages: env('FLEET_MESSAGES', 200),
  online: env('FLEET_ONLINE', 100),
  perMinute: env('FLEET_RATE', 300),
  minutes: env('FLEET_MINUTES', 10),
  workers: env('FLEET_RUN_WORKERS', 1),
  kill: process.env.FLEET_RUN_KILL === '1',
  // "delivery" (default): halfway through the delivery; "imports": once half the mailboxes finished their import,
  // so that the killed worker dies with import jobs active in pg-boss.
  killAt: process.env.FLEET_KILL_AT === 'imports' ? 'imports' : 'delivery',
};
const t0 = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
process.env.NEXT_DIST_DIR ||= '.next-fleet';
process.env.MAILROOM_ALLOWED_PRIVATE_HOSTS ??= '127.0.0.1,::1';

const dataDir = path.join(process.cwd(), '.data', `bench-fleet-${process.pid}`);
const { startEmbeddedPostgres } = await import('@/db/embedded');
const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
process.env.DATABASE_URL = database.url;
const { ensureSecrets } = await import('@/lib/env');
ensureSecrets();
const { runMigrations } = await import('@/db/migrate');
await runMigrations(database.url);
const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
const stops: Array<() => Promise<unknown> | unknown> = [() => dovecot.stop(), () => smtp.stop()];
try {
  const fleet = await seedFleet(dovecot, smtp.port, { ...config, log });
  const build = ensureBuild(false, log);
  if (!build.ok) throw new Error(build.reason);
  const web = await startNext(database.url, log);
  stops.unshift(() => web.stop());
  const online = fleet.mailboxes.filter((m) => m.online);
  const cookies = await Promise.all(
    online.map(async (m) => ({
      cookie: await sessionCookie(getDb(), { userId: m.ownerId, orgId: fleet.orgId, email: m.ownerEmail }),
    })),
  );
  const beats = startHeartbeats(web.base, cookies, log);
  stops.unshift(() => beats.stop());
  const client = new pg.Client({ connectionString: database.url, application_name: 'bench-fleet' });
  await client.connect();
  stops.push(() => client.end());
  const pgSampler = await startPgSampler(database.url);
  stops.unshift(() => pgSampler.stop());
  // Wait for the first round of beats: the scheduler syncs nothing of an organization with nobody online.
  await waitFor(log, 'owners online', 60_000, async () => {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from users where org_id = $1 and last_seen_at > now() - interval '2 minutes'`,
      [fleet.orgId],
    );
    return Number(rows[0]!.n) >= online.length ? true : `${rows[0]!.n}/${online.length}`;
  });

  log(`workers: ${workerCommand().join(' ')}`);
  const workers = Array.from({ length: config.workers }, (_, i) => startWorker(`worker ${i + 1}`, {}));
  stops.unshift(() => Promise.all(workers.map(stopWorker)));
  const postmaster = Number(
    (await import('node:fs')).readFileSync(path.join(dataDir, 'cluster', 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  const sampler = startSampler([
    { name: 'web', group: web.child.pid },
    ...workers.map((w) => ({ name: w.name, group: w.child.pid })),
    { name: 'postgres', parent: postmaster },
  ]);
  stops.unshift(() => sampler.stop());

  const kill = config.kill ? killHalfway(client, workers) : undefined;
  let killed = false;
  const importStart = Date.now();
  const expected = config.mailboxes * config.messages;
  await waitFor(log, 'initial imports', env('FLEET_IMPORT_TIMEOUT_MIN', 30) * 60_000, async () => {
    const { rows } = await client.query<{ pending: string; rows: string }>(
      `select (select count(*) from mailboxes where org_id = $1 and last_sync_at is null) as pending,
              (select count(*) from messages where org_id = $1) as rows`,
      [fleet.orgId],
    );
    const done = Number(rows[0]!.pending) === 0 && Number(rows[0]!.rows) >= expected;
    if (kill && config.killAt === 'imports' && !killed && Number(rows[0]!.pending) <= config.mailboxes / 2) {
      killed = true;
      await kill.atHalf();
    }
    return (
      done ||
      `${config.mailboxes - Number(rows[0]!.pending)}/${config.mailboxes} mailboxes, ${rows[0]!.rows}/${expected} rows`
    );
  });
  const importEnd = Date.now();
  log(`initial imports finished in ${((importEnd - importStart) / 1000).toFixed(1)} s`);

  const deliveryStart = Date.now();
  const deliveries = await deliverSteadily({
    lmtpPort: dovecot.lmtpPort,
    mailboxes: fleet.mailboxes,
    perMinute: config.perMinute,
    minutes: config.minutes,
    atHalf: config.killAt === 'delivery' ? kill?.atHalf : undefined,
    log,
  });
  const deliveryEnd = Date.now();
  await printReport({
    client,
    config,
    fleet,
    deliveries,
    log,
    workers,
    sampler,
    pgSampler,
    kill,
    windows: { importStart, importEnd, deliveryStart, deliveryEnd },
  });
  log(`heartbeats refused: ${beats.failures()}`);
} finally {
  for (const stop of stops) await Promise.resolve(stop()).catch((error: unknown) => log(`stop: ${String(error)}`));
  await closeDb();
  await database.stop();
}
process.exit(0);
