// npm run bench:sync — figures for the sync engine (not a test: it asserts nothing).
// A Dovecot mailbox of N messages (default 10,000; mostly 2–50 KB, some with attachments) spread over the last
// 25 days; then, in the same run: (a) a bare imapflow fetch of every message's full source, (b) Mailroom's
// initial import to searchable rows, the time until the newest 50 are listed, peak RSS, and the no-change
// resync of the folder. Seeding and (a) run in child processes, so the peak RSS printed is the import's.
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { messages } from '@/db/schema';
import { freePort } from '@/scripts/free-port';
import { startDovecot } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';

const total = Number(process.env.BENCH_MESSAGES ?? 10_000);


const { startEmbeddedPostgres } = await import('@/db/embedded');
const pg = await startEmbeddedPostgres({ dataDir: path.join(process.cwd(), '.data', `bench-pg-${process.pid}`), port: await freePort(), ephemeral: true });
process.env.DATABASE_URL = pg.url;
const { ensureSecrets } = await import('@/lib/env');
ensureSecrets();
const { runMigrations } = await import('@/db/migrate');
await runMigrations(pg.url);
const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);

try {
  const { connectedMailbox } = await import('@/test/mail-fixture');
  const box = await connectedMailbox(dovecot, smtp);
  const seedStart = Date.now();
  // Seeding runs in its own process, so the peak RSS reported below belongs to fetching and importing.
  const { execFileSync } = await import('node:child_process');
  const seeded = execFileSync(path.join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['bench/seed-mailbox.ts'], {
    env: { ...process.env, SEED_PORT: String(dovecot.imapPort), SEED_USER: box.email, SEED_PASSWORD: 'mailbox-password-1', SEED_COUNT: String(total) },
    encoding: 'utf8',
  });
  console.log(`seeded ${total} messages, ${seeded.trim()} MB, in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  // (a) bare imapflow: every message's full source, nothing else (own process, see above).
  const [fetched, bareMs] = execFileSync(path.join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['bench/bare-fetch.ts'], {
    env: { ...process.env, FETCH_PORT: String(dovecot.imapPort), FETCH_USER: box.email, FETCH_PASSWORD: 'mailbox-password-1' },
    encoding: 'utf8',
  })
    .trim()
    .split(' ')
    .map(Number) as [number, number];

  // (b) Mailroom: import to rows, then search vectors; the first page is "listed" when 50 rows are visible.
  const { syncMailbox } = await import('@/lib/mail/sync/sync-mailbox');
  const { indexSearchVectors } = await import('@/lib/mail/sync/index-search-vectors');
  const { createParsePool } = await import('@/lib/mail/parse/parse-pool');
  const pool = createParsePool();
  const db = getDb();
  let firstPageMs: number | null = null;
  const importStart = performance.now();
  const watcher = (async () => {
    while (firstPageMs === null) {
      const [row] = await db.select({ n: count() }).from(messages).where(eq(messages.mailboxId, box.mailbox.id));
      if ((row?.n ?? 0) >= 50) firstPageMs = performance.now() - importStart;
      else await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const report = await syncMailbox(db, { mailboxId: box.mailbox.id, parse: (raw) => pool.parse(raw) });
  const importedMs = performance.now() - importStart;
  await indexSearchVectors(db, { mailboxId: box.mailbox.id });
  const searchableMs = performance.now() - importStart;
  await watcher;

  const resyncs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const again = await syncMailbox(db, { mailboxId: box.mailbox.id, parse: (raw) => pool.parse(raw) });
    resyncs.push(performance.now() - t);
    if (again.imported + again.updated + again.removed !== 0) console.log('unexpected changes on resync', again);
  }
  await pool.close();
  const median = resyncs.sort((a, b) => a - b)[2]!;
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

  console.log(`(a) bare imapflow fetch:        ${fetched} messages in ${(bareMs / 1000).toFixed(2)} s = ${rate(fetched, bareMs)} msg/s`);
  console.log(`(b) Mailroom import (rows):     ${report.imported} messages in ${(importedMs / 1000).toFixed(2)} s = ${rate(report.imported, importedMs)} msg/s`);
  console.log(`    Mailroom import + search:   ${(searchableMs / 1000).toFixed(2)} s = ${rate(report.imported, searchableMs)} msg/s (target ≥ 3,000)`);
  console.log(`    ratio (b)/(a):              ${(rate(report.imported, searchableMs) / rate(fetched, bareMs)).toFixed(2)}`);
  console.log(`    newest 50 listed after:     ${firstPageMs === null ? 'n/a' : (firstPageMs / 1000).toFixed(2)} s (target ≤ 2 s)`);
  console.log(`    peak RSS:                   ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target ≤ 256 MB)`);
  console.log(`    no-change resync (median/5): ${median.toFixed(1)} ms (target ≤ 50 ms)`);
} finally {
  await closeDb();
  await Promise.all([dovecot.stop(), smtp.stop()]);
  await pg.stop();
}
process.exit(0);
