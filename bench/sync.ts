// npm run bench:sync — figures for the sync engine (not a test: it asserts nothing).
// A Dovecot mailbox of N messages (default 10,000; mostly 2–50 KB, some with attachments) spread over the last
// 25 days; then, in the same run: (a) a bare imapflow fetch of every message's full source, (b) Mailroom's
// initial import to searchable rows, the time until the newest 50 are listed, peak RSS, and the no-change
// resync of the folder. Seeding, (a) and (b) each run in a child process, so each is measured on its own.
import path from 'node:path';
import { closeDb } from '@/db/client';
import { freePort } from '@/scripts/free-port';
import { startDovecot } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';

const total = Number(process.env.BENCH_MESSAGES ?? 10_000);

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

try {
  const { connectedMailbox } = await import('@/test/mail-fixture');
  const box = await connectedMailbox(dovecot, smtp);
  const seedStart = Date.now();
  // Seeding runs in its own process, so the peak RSS reported below belongs to fetching and importing.
  const { execFileSync } = await import('node:child_process');
  const seeded = execFileSync(path.join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['bench/seed-mailbox.ts'], {
    env: {
      ...process.env,
      SEED_PORT: String(dovecot.imapPort),
      SEED_USER: box.email,
      SEED_PASSWORD: 'mailbox-password-1',
      SEED_COUNT: String(total),
    },
    encoding: 'utf8',
  });
  console.log(`seeded ${total} messages, ${seeded.trim()} MB, in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  // (a) bare imapflow: every message's full source, nothing else (own process, see above).
  const [fetched, bareMs] = execFileSync(
    path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    ['bench/bare-fetch.ts'],
    {
      env: {
        ...process.env,
        FETCH_PORT: String(dovecot.imapPort),
        FETCH_USER: box.email,
        FETCH_PASSWORD: 'mailbox-password-1',
      },
      encoding: 'utf8',
    },
  )
    .trim()
    .split(' ')
    .map(Number) as [number, number];

  // (b) Mailroom: import to searchable rows (search vectors are written with the rows), in its own process.
  const imported = JSON.parse(
    execFileSync(path.join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['bench/import-mailbox.ts'], {
      env: { ...process.env, IMPORT_MAILBOX_ID: box.mailbox.id },
      encoding: 'utf8',
    }),
  ) as { imported: number; importMs: number; firstPageMs: number | null; resyncMs: number; peakRssMb: number };
  const { imported: importedCount, importMs, firstPageMs, resyncMs, peakRssMb } = imported;
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

  console.log(
    `(a) bare imapflow fetch:        ${fetched} messages in ${(bareMs / 1000).toFixed(2)} s = ${rate(fetched, bareMs)} msg/s`,
  );
  console.log(
    `(b) Mailroom import:            ${importedCount} messages in ${(importMs / 1000).toFixed(2)} s = ${rate(importedCount, importMs)} msg/s, searchable (target ≥ 3,000)`,
  );
  console.log(`    ratio (b)/(a):              ${(rate(importedCount, importMs) / rate(fetched, bareMs)).toFixed(2)}`);
  console.log(
    `    newest 50 listed after:     ${firstPageMs === null ? 'n/a' : (firstPageMs / 1000).toFixed(2)} s (target ≤ 2 s)`,
  );
  console.log(`    peak RSS of the import:     ${peakRssMb.toFixed(0)} MB (target ≤ 256 MB)`);
  console.log(`    no-change resync (median/5): ${resyncMs.toFixed(1)} ms (target ≤ 50 ms)`);
} finally {
  await closeDb();
  await Promise.all([dovecot.stop(), smtp.stop()]);
  await pg.stop();
}
process.exit(0);
