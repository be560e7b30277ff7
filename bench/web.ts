// npm run bench:web — figures for the webmail against a large mailbox (not a test: it asserts nothing and
// exits 0 whether or not the targets are met). The issue's targets, with 100,000 messages in one folder and
// 1,000,000 in the database: list p95 ≤ 20 ms, search p95 ≤ 100 ms, unread counts ≤ 10 ms, and the inbox
// page's first-load JavaScript ≤ 180 KB gzipped.
//
//   npm run bench:web [-- --runs 200] [--budget 60] [--page /mail] [--build] [--reseed] [--no-frontend] [--no-db]
//                     [--cases conversations,first page] [--explain]
//
// The conversation list (bench/web-conversations.ts) is measured on the same INBOX, against the same target.
// `--cases A,B` keeps only the cases whose name contains A or B (a quicker run of one part); `--explain` adds
// the execution time PostgreSQL reports for each case's main statement, which a busy machine moves less.
//
// The data (bench/web-seed.ts) lives in its own embedded PostgreSQL under .data/bench-web and is reused while
// its recipe and migrations are unchanged; --reseed rebuilds it. The timings (bench/web-measure.ts) call the
// lib functions the route handlers call, on the real database. The first-load JavaScript
// (bench/web-first-load.ts) is read from a production build served by `next start`, which also answers the
// list/search/folders endpoints over HTTP when their routes exist; `next build` runs only with --build or
// when there is no build yet.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { closeDb, getDbHandle } from '@/db/client';
import { freePort } from '@/scripts/free-port';
import type { WebFixture } from './web-seed';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.BENCH_WEB_RUNS ?? '200' },
    warmup: { type: 'string', default: '20' },
    // Seconds of sampling per case after which it stops at 30 runs or more.
    budget: { type: 'string', default: '60' },
    page: { type: 'string', default: '/mail' },
    build: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
    'no-frontend': { type: 'boolean', default: false },
    // Only the first-load JavaScript and HTTP figures (the database timings take ~15 minutes when slow).
    'no-db': { type: 'boolean', default: false },
    cases: { type: 'string' },
    // The database's own time for each case's main statement (EXPLAIN ANALYZE), apart from the client's.
    explain: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const warmup = Number(args.warmup);
const log = (message: string) => process.stderr.write(`[bench:web] ${message}\n`);

const DATABASE = 'bench_web';
const dataDir = path.join(process.cwd(), '.data', 'bench-web');

/** The port of a cluster a previous run left running, so it is reused rather than fought over. */
function runningPort(): number | null {
  const pidFile = path.join(dataDir, 'cluster', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, …
  const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

const { startEmbeddedPostgres } = await import('@/db/embedded');
// Persistent (not ephemeral): seeding a million rows takes minutes, so the cluster outlives the run.
const cluster = await startEmbeddedPostgres({ dataDir, port: runningPort() ?? (await freePort()), database: DATABASE });
process.env.DATABASE_URL = cluster.url;
const { ensureSecrets } = await import('@/lib/env');
ensureSecrets();
const { runMigrations } = await import('@/db/migrate');
const { checkSeedCache, seed, TOTAL_MESSAGES } = await import('./web-seed');
const { buildCases, explainCase, recordQueries, runCases } = await import('./web-measure');
const { measureFrontend } = await import('./web-first-load');
const { conversationCases, explainConversationCase } = await import('./web-conversations');

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function appliedMigrations(): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "select case when to_regclass('drizzle.__drizzle_migrations') is null then 0 else (select count(*)::int from drizzle.__drizzle_migrations) end as n",
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

type Row = { measure: string; runs: string; p50: string; p95: string; max: string; target: string; met: string };
const ms = (value: number) => `${value.toFixed(1)} ms`;

try {
  const cache = args.reseed ? ({ reuse: false, reason: '--reseed' } as const) : await checkSeedCache(cluster.url);
  let seedNote: string;
  let fixture: WebFixture;
  if (cache.reuse) {
    const before = await appliedMigrations();
    await runMigrations(cluster.url);
    const added = (await appliedMigrations()) - before;
    // New migrations (an index, say) were just applied to the seeded rows: give the planner fresh statistics.
    if (added > 0) {
      log(`applied ${added} new migration(s) to the cached data; analyzing`);
      await getDbHandle().pool.query('analyze');
    }
    fixture = cache.fixture;
    seedNote = `reused the data seeded at ${fixture.seededAt} (seeding took ${fixture.seedSeconds.toFixed(0)} s; --reseed to redo)`;
  } else {
    log(`seeding ${TOTAL_MESSAGES.toLocaleString('en')} messages: ${cache.reason}`);
    // From nothing: a database of its own, so an old schema or half-finished seed cannot leak into the run.
    await closeDb();
    await adminQuery(`drop database if exists ${DATABASE} with (force)`);
    await adminQuery(`create database ${DATABASE}`);
    await runMigrations(cluster.url);
    fixture = await seed(getDbHandle().db, cluster.url);
    seedNote = `seeded in ${fixture.seedSeconds.toFixed(0)} s`;
  }
  const { db, pool } = getDbHandle();
  const recorder = recordQueries(pool);
  log(
    `${fixture.totalMessages.toLocaleString('en')} messages (${fixture.unreadMessages.toLocaleString('en')} unread) in ${fixture.folderCount} folders of ${fixture.mailboxCount} mailboxes; the largest folder holds ${fixture.bigFolderCount.toLocaleString('en')}`,
  );

  const allCases = args['no-db']
    ? []
    : [...(await buildCases(db, fixture, log)), ...(await conversationCases(db, fixture, log))];
  const wanted = args.cases?.split(',').filter(Boolean) ?? [];
  const cases = wanted.length ? allCases.filter((c) => wanted.some((text) => c.name.includes(text))) : allCases;
  const timings = await runCases(cases, { runs, warmup, budgetMs: Number(args.budget) * 1000, log });

  const frontend = args['no-frontend']
    ? null
    : await measureFrontend(db, fixture, { page: args.page, build: args.build, runs, databaseUrl: cluster.url, log });

  const targets = { list: 20, search: 100, 'unread counts': 10 } as const;
  const rows: Row[] = timings.map((t) => ({
    measure: `${t.kind}: ${t.name}`,
    runs: String(t.runs),
    p50: ms(t.p50),
    p95: ms(t.p95),
    max: ms(t.max),
    target: `p95 ≤ ${targets[t.kind]} ms`,
    met: t.p95 <= targets[t.kind] ? 'yes' : 'NO',
  }));
  if (frontend) {
    const { http, firstLoad } = frontend;
    for (const h of http) {
      const target = `p95 ≤ ${h.target} ms`;
      rows.push(
        'skipped' in h
          ? {
              measure: `http: ${h.name}`,
              runs: '–',
              p50: '–',
              p95: '–',
              max: '–',
              target,
              met: `skipped: ${h.skipped}`,
            }
          : {
              measure: `http: ${h.name}`,
              runs: String(h.runs),
              p50: ms(h.p50),
              p95: ms(h.p95),
              max: ms(h.max),
              target,
              met: h.p95 <= h.target ? 'yes' : 'NO',
            },
      );
    }
    rows.push(
      firstLoad.ok
        ? {
            measure: `first-load JS ${firstLoad.page}${firstLoad.finalPath !== firstLoad.page ? ` (→ ${firstLoad.finalPath})` : ''}, ${firstLoad.scripts} scripts, ${(firstLoad.rawBytes / 1024).toFixed(0)} KB raw`,
            runs: '1',
            // KB = 1,024 bytes; the byte count settles which KB the target means.
            p50: `${(firstLoad.gzipBytes / 1024).toFixed(1)} KB gz (${firstLoad.gzipBytes.toLocaleString('en')} B)`,
            p95: '',
            max: '',
            target: '≤ 180 KB gzip',
            met: firstLoad.gzipBytes <= 180 * 1024 ? 'yes' : 'NO',
          }
        : {
            measure: `first-load JS ${firstLoad.page}`,
            runs: '–',
            p50: '–',
            p95: '–',
            max: '–',
            target: '≤ 180 KB gzip',
            met: `n/a: ${firstLoad.reason.split('\n')[0]}`,
          },
    );
  }

  const columns = ['measure', 'runs', 'p50', 'p95', 'max', 'target', 'met'] as const;
  const widths = columns.map((key) => Math.max(key.length, ...rows.map((r) => r[key].length)));
  // Text columns left-aligned, figures right-aligned; the last column is not padded.
  const line = (r: Row) =>
    columns
      .map((key, i) =>
        key === 'met'
          ? r[key]
          : key === 'measure' || key === 'target'
            ? r[key].padEnd(widths[i]!)
            : r[key].padStart(widths[i]!),
      )
      .join('  ');
  console.log(
    `bench:web — ${fixture.totalMessages.toLocaleString('en')} messages, ${fixture.bigFolderCount.toLocaleString('en')} in the measured folder; up to ${runs} runs (≥ 30, ${args.budget} s budget) after ${warmup} warm-up each; ${seedNote}`,
  );
  // Other work on the machine moves the numbers; the load average says how much there was.
  console.log(
    `load average (1/5/15 min) at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  console.log(
    line({ measure: 'measure', runs: 'runs', p50: 'p50', p95: 'p95', max: 'max', target: 'target', met: 'met' }),
  );
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  if (frontend?.firstLoad.ok) {
    const { largest, nomodule } = frontend.firstLoad;
    console.log(
      `\nlargest first-load scripts (gzip): ${largest.map((c) => `${c.src} ${(c.gzipBytes / 1024).toFixed(1)} KB`).join(', ')}`,
    );
    if (nomodule.length) console.log(`not counted (nomodule, skipped by current browsers): ${nomodule.join(', ')}`);
  } else if (frontend && !frontend.firstLoad.ok) {
    console.log(`\nfirst-load JS not measured: ${frontend.firstLoad.reason}`);
  }

  // The slowest case of each kind, as PostgreSQL ran it.
  for (const kind of ['list', 'search', 'unread counts'] as const) {
    const slowest = timings.filter((t) => t.kind === kind).sort((a, b) => b.p95 - a.p95)[0];
    const c = slowest && cases.find((x) => x.kind === kind && x.name === slowest.name);
    if (!c) continue;
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) — slowest ${kind}: ${c.name} (p95 ${ms(slowest.p95)})`);
    console.log(
      c.name.startsWith('conversations:')
        ? await explainConversationCase(db, recorder, c)
        : await explainCase(db, recorder, c),
    );
  }
  if (args.explain) {
    console.log("\nPostgreSQL execution time of each case's main statement (EXPLAIN ANALYZE, one run):");
    for (const c of cases) {
      const plan = c.name.startsWith('conversations:')
        ? await explainConversationCase(db, recorder, c)
        : await explainCase(db, recorder, c);
      console.log(`  ${c.name}: ${/Execution Time: ([\d.]+ ms)/.exec(plan)?.[1] ?? 'n/a'}`);
    }
  }
  // And the slowest conversation case, whatever the others did.
  const conversations = timings.filter((t) => t.name.startsWith('conversations:')).sort((a, b) => b.p95 - a.p95)[0];
  const explained = (['list', 'search', 'unread counts'] as const).map(
    (kind) => timings.filter((t) => t.kind === kind).sort((a, b) => b.p95 - a.p95)[0]?.name,
  );
  const slowestConversation =
    conversations && !explained.includes(conversations.name) && cases.find((x) => x.name === conversations.name);
  if (slowestConversation) {
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) — slowest conversation case: ${slowestConversation.name}`);
    console.log(await explainConversationCase(db, recorder, slowestConversation));
  }
} finally {
  await closeDb();
  await cluster.stop();
}
process.exit(0);
