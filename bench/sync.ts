// npm run bench:sync — the sync engine against its peers, on the same Dovecot mailbox in the same run (not a
// test: it asserts nothing). For each size (BENCH_SIZES=10000,100000, or BENCH_MESSAGES; default 10,000) a
// mailbox of realistic messages (mostly 2–50 KB, some with attachments) over the last 25 days; then BENCH_RUNS
// times (default 3, medians printed), interleaved: (a) a bare imapflow fetch of every full source, (b) mbsync
// into a Maildir with fsync on, when isync is installed, and (c) Mailroom's initial import to searchable rows,
// compiled as the production worker runs (BENCH_IMPORT=tsx: from source). Then one new message on a warm
// worker. Each runs in a child process, so each is measured on its own; every figure has its target beside it.
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { closeDb, getDb } from '@/db/client';
import { freePort } from '@/scripts/free-port';
import { bundleForNode } from '@/scripts/bundle-for-node';
import { startDovecot } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { findMbsync, timeMbsync, type ImapAccount } from './mbsync';
import { cpuSecondsOf } from './sync-cpu';
import { median, printSize, printLinear, type SizeResult } from './sync-report';

const sizes = (process.env.BENCH_SIZES ?? process.env.BENCH_MESSAGES ?? '10000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
// A large mailbox takes minutes per run: once, unless BENCH_RUNS_LARGE says otherwise.
const runsFor = (total: number) => (total > 20_000 ? Number(process.env.BENCH_RUNS_LARGE ?? 1) : runs);
const compiled = process.env.BENCH_IMPORT !== 'tsx';
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const PASSWORD = 'mailbox-password-1';
// As `npm run worker` starts the worker: a small young generation on the main thread keeps the import's peak
// RSS within 256 MB (it costs ~8 % of msg/s).
const WORKER_NODE_FLAGS = '--max-semi-space-size=4';

const { startEmbeddedPostgres } = await import('@/db/embedded');
const pg = await startEmbeddedPostgres({
  dataDir: path.join(process.cwd(), '.data', `bench-pg-${process.pid}`),
  port: await freePort(),
  ephemeral: true,
});
process.env.DATABASE_URL = pg.url;
// The bench's Dovecot and SMTP capture listen on loopback, which Mailroom reaches only when allowed.
process.env.MAILROOM_ALLOWED_PRIVATE_HOSTS ??= '127.0.0.1,::1';
const { ensureSecrets } = await import('@/lib/env');
ensureSecrets();
const { runMigrations } = await import('@/db/migrate');
await runMigrations(pg.url);
const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
const buildDir = path.join(process.cwd(), '.data', `bench-sync-build-${process.pid}`);
const mbsync = findMbsync();

// The Mailroom children: compiled to JavaScript like the production worker, or run from source.
const child = (entry: string, env: Record<string, string>) =>
  execFileSync(
    compiled ? process.execPath : tsx,
    [
      // The production worker's Node flags (package.json "worker"), or BENCH_IMPORT_NODE_FLAGS.
      ...(compiled ? (process.env.BENCH_IMPORT_NODE_FLAGS ?? WORKER_NODE_FLAGS).split(' ').filter(Boolean) : []),
      // BENCH_CPU_PROFILE=<dir>: V8 CPU profiles of every thread of the child (compiled only).
      ...(compiled && process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
      compiled ? path.join(buildDir, `${path.basename(entry, '.ts')}.mjs`) : entry,
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );

try {
  if (compiled)
    await bundleForNode({ entries: ['bench/import-mailbox.ts', 'bench/sync-new-message.ts'], outdir: buildDir });
  console.log(
    `Mailroom import ${compiled ? 'compiled (as npm run worker runs it)' : 'from source with tsx'}; ` +
      `${mbsync ? `mbsync: ${mbsync}` : 'mbsync: skipped, isync is not installed (apt-get install isync)'}; ` +
      `PostgreSQL: the bench's throw-away cluster (fsync off)`,
  );
  const { createTestOrg, createTestUser, randomEmail } = await import('@/test/factories');
  const { connectMailbox } = await import('@/lib/mail/mailboxes/connect-mailbox');
  const { cliActor } = await import('@/lib/access/actor');
  // A fresh Mailroom mailbox (in an organization of its own) on the seeded account, for each import run.
  const connect = async (account: ImapAccount) => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'trial' });
    const user = await createTestUser(db, { orgId: org.id });
    const mailbox = await connectMailbox(db, {
      ownerUserId: user.id,
      email: account.user,
      imap: { host: '127.0.0.1', port: account.port, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
      password: account.password,
      actor: cliActor,
    });
    return mailbox.id;
  };

  const results: SizeResult[] = [];
  let latency: number[] | null = null;
  for (const total of sizes) {
    const account: ImapAccount = { port: dovecot.imapPort, user: randomEmail('bench'), password: PASSWORD };
    await dovecot.addUser(account.user, PASSWORD);
    const seedStart = Date.now();
    // Seeding runs in its own process too.
    const megabytes = execFileSync(tsx, ['bench/seed-mailbox.ts'], {
      env: {
        ...process.env,
        SEED_PORT: String(account.port),
        SEED_USER: account.user,
        SEED_PASSWORD: PASSWORD,
        SEED_COUNT: String(total),
      },
      encoding: 'utf8',
    }).trim();
    console.log(`\nseeded ${total} messages, ${megabytes} MB, in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const result: SizeResult = { total, bare: [], mbsync: [], imports: [] };
    let lastMailbox = '';
    for (let run = 0; run < runsFor(total); run++) {
      // (a) bare imapflow: every message's full source, nothing else.
      const [fetched, ms, rss] = execFileSync(tsx, ['bench/bare-fetch.ts'], {
        env: { ...process.env, FETCH_PORT: String(account.port), FETCH_USER: account.user, FETCH_PASSWORD: PASSWORD },
        encoding: 'utf8',
      })
        .trim()
        .split(' ')
        .map(Number) as [number, number, number];
      result.bare.push({ count: fetched, ms, peakRssMb: rss });
      // (b) mbsync, fsync on.
      if (mbsync)
        result.mbsync.push({ count: total, ...(await timeMbsync(mbsync, account, path.join(process.cwd(), '.data'))) });
      // (c) Mailroom, to searchable rows, with the CPU PostgreSQL and Dovecot spent meanwhile.
      lastMailbox = await connect(account);
      const before = { pg: await cpuSecondsOf(['postgres']), dovecot: await cpuSecondsOf(['imap', 'dovecot']) };
      const imported = JSON.parse(
        child('bench/import-mailbox.ts', { IMPORT_MAILBOX_ID: lastMailbox }),
      ) as SizeResult['imports'][number];
      const pgCpu = await cpuSecondsOf(['postgres']);
      const dovecotCpu = await cpuSecondsOf(['imap', 'dovecot']);
      imported.pgCpuSeconds = pgCpu !== null && before.pg !== null ? pgCpu - before.pg : null;
      imported.dovecotCpuSeconds = dovecotCpu !== null && before.dovecot !== null ? dovecotCpu - before.dovecot : null;
      result.imports.push(imported);
      if (imported.imported !== total) throw new Error(`imported ${imported.imported} of ${total}`);
    }
    // One new message on a warm worker, once, on the first size's mailbox.
    latency ??= JSON.parse(
      child('bench/sync-new-message.ts', {
        IMPORT_MAILBOX_ID: lastMailbox,
        NEW_MESSAGE_PORT: String(account.port),
        NEW_MESSAGE_USER: account.user,
        NEW_MESSAGE_PASSWORD: PASSWORD,
      }),
    ) as number[];
    printSize(result, Boolean(mbsync));
    results.push(result);
  }
  if (latency)
    console.log(
      `\none new message on a warm worker, start of sync to row listed: ${median(latency).toFixed(0)} ms median of ${latency.length} (${latency.map((ms) => ms.toFixed(0)).join(', ')}) (target ≤ 150 ms)`,
    );
  if (results.length >= 2) printLinear(results[0]!, results[results.length - 1]!);
} finally {
  await closeDb();
  await Promise.all([dovecot.stop(), smtp.stop()]);
  await pg.stop();
  await rm(buildDir, { recursive: true, force: true });
}
process.exit(0);
