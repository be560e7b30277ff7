// npm run fuzz:sync -- --runs N --server dovecot|cyrus [--seed S] [--ops K] [--no-kill] [--verbose]
// Seeded randomized differential test of the sync engine (lib/mail/sync/fuzz). Needs no setup: without
// TEST_PG_ADMIN_URL or DATABASE_URL it starts a throw-away embedded PostgreSQL and migrates a fresh database.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    server: { type: 'string', default: 'dovecot' },
    seed: { type: 'string' },
    ops: { type: 'string', default: '25' },
    'no-kill': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const kind = values.server;
if (kind !== 'dovecot' && kind !== 'cyrus') throw new Error(`--server is dovecot or cyrus, not ${kind}`);
const runs = Number(values.runs ?? (values.seed === undefined ? 20 : 1));
const firstSeed = Number(values.seed ?? 1);
const ops = Number(values.ops);
if (![runs, firstSeed, ops].every(Number.isSafeInteger)) throw new Error('--runs, --seed and --ops are integers');

for (const name of ['AUTH_SECRET', 'CRON_SECRET']) process.env[name] ??= randomBytes(32).toString('base64url');
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString('base64');

/** A database of our own: a fresh one on TEST_PG_ADMIN_URL's server, DATABASE_URL as given, or an embedded cluster. */
async function openDatabase(): Promise<{ url: string; close: () => Promise<void> }> {
  const { runMigrations } = await import('@/db/migrate');
  const name = `mailroom_fuzz_${randomBytes(4).toString('hex')}`;
  const fresh = async (adminUrl: string, stop: () => Promise<void>) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await runMigrations(url.toString());
    // Each step on its own: a PostgreSQL already stopped (a signal to the whole process group) still gets its files removed.
    const close = async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup
        .connect()
        .then(() => cleanup.query(`drop database if exists ${name} with (force)`))
        .catch(() => {})
        .finally(() => cleanup.end().catch(() => {}));
      await stop();
    };
    return { url: url.toString(), close };
  };
  if (process.env.TEST_PG_ADMIN_URL) return fresh(process.env.TEST_PG_ADMIN_URL, async () => {});
  if (process.env.DATABASE_URL) {
    await runMigrations(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, close: async () => {} };
  }
  const { startEmbeddedPostgres } = await import('@/db/embedded');
  const dataDir = path.join(process.cwd(), '.data', `fuzz-pg-${process.pid}`);
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
  return fresh(server.adminUrl, async () => {
    await server.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });
}

const database = await openDatabase();
process.env.DATABASE_URL = database.url;
const { closeDb, getDb } = await import('@/db/client');
const { startImapServer } = await import('@/scripts/test-servers/imap-server');
const { FuzzFailure, runFuzzSequence } = await import('@/lib/mail/sync/fuzz/run');
const server = await startImapServer(kind);
// Once, from the end of the runs or from Ctrl-C / a timeout's SIGTERM: no IMAP server or PostgreSQL left behind.
let stopping: Promise<void> | undefined;
const stopAll = () =>
  (stopping ??= (async () => {
    await closeDb().catch(() => {});
    await server.stop().catch(() => {});
    await database.close().catch(() => {});
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // The same signal may have stopped PostgreSQL under open connections: their errors must not end the clean-up.
    process.on('uncaughtException', () => {});
    void stopAll().finally(() => process.exit(130));
  });
}

const failures: string[] = [];
let passed = 0;
const started = Date.now();
try {
  for (let seed = firstSeed; seed < firstSeed + runs && !stopping; seed++) {
    const t = Date.now();
    try {
      const result = await runFuzzSequence({ db: getDb(), server, kind, seed, ops, killSyncs: !values['no-kill'] });
      passed++;
      console.log(`seed ${seed}  ops ${ops}  ok    ${Date.now() - t} ms`);
      if (values.verbose) console.log(result.log.map((line) => `  ${line}`).join('\n'));
    } catch (error) {
      const summary =
        error instanceof FuzzFailure
          ? `${error.diff.length} difference(s): ${error.diff[0]?.slice(0, 140)}`
          : `harness error: ${String(error)}`;
      console.log(`seed ${seed}  ops ${ops}  FAIL  ${Date.now() - t} ms  ${summary}`);
      failures.push(
        error instanceof FuzzFailure
          ? error.message
          : `seed ${seed} on ${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
} finally {
  await stopAll();
}
for (const failure of failures) console.log(`\n${failure}`);
console.log(
  `\n${passed} passed, ${failures.length} failed (${kind}, ${ops} ops per run, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failures.length > 0 ? 1 : 0);
