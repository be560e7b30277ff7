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
import { bundleForNode } from '@/scripts/bundle-for-node';
import { startDovecot } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { startBenchDatabase } from './bench-database';
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
// And its environment: glibc gives each thread that allocates (the main thread, the parse worker, libuv's) a
// malloc arena of its own. Peak RSS grew with the mailbox's size outside the JavaScript heap, most likely as
// the IMAP and PostgreSQL buffers fragmented those arenas over a long import: at 100,000 messages, 259 MB with
// the default, 245 MB with 2 arenas, for the same CPU (issue 22). Keep equal to package.json "worker".
const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };
// BENCH_PEERS=none: Mailroom's import alone, for quick rounds while working on it (no peers, no ratios).
const peers = process.env.BENCH_PEERS !== 'none';

const pg = await startBenchDatabase({ allowLoopbackMail: true });
const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
const buildDir = path.join(process.cwd(), '.data', `bench-sync-build-${process.pid}`);
const mbsync = findMbsync();

// The Mailroom children: compiled to JavaScript like the production worker, or run from source.
// BENCH_VARIANTS='A;B': the import runs take turns with these settings, each a list of Node flags (--x) and
// environment variables (NAME=value), and each run prints its own line: to compare settings in one seeding.
const variants = process.env.BENCH_VARIANTS?.split(';').map((variant) => variant.split(' ').filter(Boolean));
const child = (entry: string, env: Record<string, string>, variant: string[] = []) =>
  execFileSync(
    compiled ? process.execPath : tsx,
    [
      // The production worker's Node flags (package.json "worker"), or BENCH_IMPORT_NODE_FLAGS.
      ...(compiled ? (process.env.BENCH_IMPORT_NODE_FLAGS ?? WORKER_NODE_FLAGS).split(' ').filter(Boolean) : []),
      ...variant.filter((token) => token.startsWith('--')),
      // BENCH_CPU_PROFILE=<dir>: V8 CPU profiles of every thread of the child (compiled only).
      ...(compiled && process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
      compiled ? path.join(buildDir, `${path.basename(entry, '.ts')}.mjs`) : entry,
    ],
    {
      env: {
        ...process.env,
        ...(compiled ? WORKER_ENV : {}),
        ...env,
        ...Object.fromEntries(variant.filter((token) => !token.startsWith('--')).map((token) => token.split('='))),
      },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
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
      if (peers) {
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
          result.mbsync.push({
            count: total,
            ...(await timeMbsync(mbsync, account, path.join(process.cwd(), '.data'))),
          });
      }
      // (c) Mailroom, to searchable rows, with the CPU PostgreSQL and Dovecot spent meanwhile.
      lastMailbox = await connect(account);
      const before = { pg: await cpuSecondsOf(['postgres']), dovecot: await cpuSecondsOf(['imap', 'dovecot']) };
      const imported = JSON.parse(
        child('bench/import-mailbox.ts', { IMPORT_MAILBOX_ID: lastMailbox }, variants?.[run % variants.length]),
      ) as SizeResult['imports'][number];
      if (variants)
        console.log(
          `  run ${run + 1} [${variants[run % variants.length]!.join(' ')}]: ${Math.round((imported.imported / imported.importMs) * 1000)} msg/s, peak RSS ${Math.round(imported.peakRssMb)} MB, CPU ${imported.cpuSeconds.toFixed(1)} s`,
        );
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
