// npm run bench:first-row — the inbox on screen, Mailroom against Roundcube (not a test: it asserts nothing).
// One Dovecot INBOX of BENCH_FIRST_ROW_MESSAGES (default 20,000) messages (bench/seed-mailbox.ts), imported into
// Mailroom (bench/import-mailbox.ts) and served by its production build (bench/next-server.ts), and read by
// Roundcube 1.6.5 from Debian (bench/first-row-roundcube.ts; BENCH_ROUNDCUBE=install installs it, otherwise it
// is skipped when absent; BENCH_ROUNDCUBE_CACHES=1 turns its IMAP and message caches on). Debian's Chromium
// loads each inbox BENCH_FIRST_ROW_RUNS times (default 9), the two webmails interleaved, and the medians are
// printed: navigation start to the first inbox row visible, and to the HTML's first byte.
//   cold: a new browser context (empty HTTP cache, no service worker) holding only a signed-in session cookie —
//         Mailroom's made as its sign-in makes it, Roundcube's from its login form in a context of its own;
//   warm: a reload of that page right after (cache filled, same session).
// Target: Mailroom ≤ 0.5× Roundcube, cold and warm. Also printed: Mailroom's first-load JavaScript (gzip), the
// requests each first screen sends, and the list request's Content-Encoding and bytes when there is one.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Cookie } from 'playwright';
import { closeDb, getDb } from '@/db/client';
import { startDovecot } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { freshContext, launchChromium, type LoadTiming, median, timedLoad } from './first-row-browser';
import { inspectFirstFlush } from './first-row-html';
import { startBenchDatabase } from './bench-database';
import { roundcubeMissing, startRoundcube } from './first-row-roundcube';
import { ensureBuild, sessionCookie, startNext } from './next-server';
import { measurePage } from './web-first-load';

const total = Number(process.env.BENCH_FIRST_ROW_MESSAGES ?? 20_000);
const runs = Number(process.env.BENCH_FIRST_ROW_RUNS ?? 9);
const log = (message: string) => process.stderr.write(`[bench:first-row] ${message}\n`);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

const pg = await startBenchDatabase({ allowLoopbackMail: true });
const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
const stops: Array<() => Promise<unknown>> = [];
let browser: Browser | null = null;

type Target = { name: string; url: string; row: string; list: RegExp; cookies: () => Promise<Cookie[]> };
const cookieOf = (base: string, header: string): Cookie => {
  const [name, ...value] = header.split('=');
  const url = new URL(base);
  return {
    name: name!,
    value: value.join('='),
    domain: url.hostname,
    path: '/',
    expires: -1,
    httpOnly: true,
    secure: false,
    sameSite: 'Lax',
  };
};

try {
  const { connectedMailbox, MAIL_PASSWORD } = await import('@/test/mail-fixture');
  const box = await connectedMailbox(dovecot, smtp);
  const env = {
    ...process.env,
    SEED_PORT: String(dovecot.imapPort),
    SEED_USER: box.email,
    SEED_PASSWORD: MAIL_PASSWORD,
  };
  let started = Date.now();
  execFileSync(tsx, ['bench/seed-mailbox.ts'], { env: { ...env, SEED_COUNT: String(total) }, encoding: 'utf8' });
  log(`seeded ${total.toLocaleString('en')} messages in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  started = Date.now();
  execFileSync(tsx, ['bench/import-mailbox.ts'], {
    env: { ...env, IMPORT_MAILBOX_ID: box.mailbox.id },
    encoding: 'utf8',
  });
  log(`imported into Mailroom in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const build = ensureBuild(process.argv.includes('--build'), log);
  if (!build.ok) throw new Error(build.reason);
  const next = await startNext(pg.url, log, { MAILROOM_ALLOWED_PRIVATE_HOSTS: '127.0.0.1,::1' });
  stops.push(next.stop);
  const cookie = await sessionCookie(getDb(), { userId: box.user.id, orgId: box.org.id, email: box.user.email });
  const firstLoad = await measurePage(next, '/mail', cookie);
  const flush = await inspectFirstFlush(next, '/mail', cookie);
  const flushLine =
    `Mailroom GET /mail without a browser (median of 15): first byte ${flush.firstByteMs.toFixed(1)} ms, whole page ` +
    `${flush.totalMs.toFixed(1)} ms, ${flush.bytes.toLocaleString('en')} B; first row ${flush.row.place}` +
    `${flush.row.boundary ? ` (in ${flush.row.boundary})` : ''}; streamed boundaries: ${flush.boundaries.join(' ') || 'none'}`;
  log(flushLine);

  // BENCH_FIRST_ROW_RUNS=0: only the server's answer (above), no browser.
  if (runs === 0) console.log(flushLine);
  else {
    browser = await launchChromium();
    const targets: Target[] = [
      {
        name: 'Mailroom',
        url: `${next.base}/mail`,
        row: '[role="grid"] [role="row"]',
        list: /\/api\/mail\/(messages|conversations)\?/,
        cookies: async () => [cookieOf(next.base, cookie)],
      },
    ];
    const missing = roundcubeMissing(log);
    if (missing) log(`Roundcube skipped: ${missing}`);
    else {
      const rc = await startRoundcube(
        { port: dovecot.imapPort },
        { caches: process.env.BENCH_ROUNDCUBE_CACHES === '1', log },
      );
      stops.push(rc.stop);
      const signIn = async () => {
        const context = await browser!.newContext();
        const page = await context.newPage();
        await page.goto(`${rc.base}/?_task=login`);
        await page.fill('#rcmloginuser', box.email);
        await page.fill('#rcmloginpwd', MAIL_PASSWORD);
        await Promise.all([page.waitForURL(/_task=mail/), page.click('#rcmloginsubmit')]);
        const cookies = await context.cookies();
        await context.close();
        return cookies;
      };
      targets.push({
        name: 'Roundcube',
        url: `${rc.base}/?_task=mail&_mbox=INBOX`,
        row: '#messagelist tbody tr',
        list: /_action=list/,
        cookies: signIn,
      });
    }

    const results = new Map(targets.map((t) => [t.name, { cold: [] as LoadTiming[], warm: [] as LoadTiming[] }]));
    // One unmeasured round warms the servers (PHP's opcache, Next.js's compiled routes, PostgreSQL's buffers).
    for (let round = -1; round < runs; round++) {
      // Interleaved, and the order alternates so neither always follows the other.
      const order = round % 2 ? [...targets].reverse() : targets;
      for (const target of order) {
        const context = await freshContext(browser, target.row, await target.cookies());
        const page = await context.newPage();
        const cold = await timedLoad(page, target.url, target.list);
        const warm = await timedLoad(page, 'reload', target.list);
        await context.close();
        if (round < 0) continue;
        results.get(target.name)!.cold.push(cold);
        results.get(target.name)!.warm.push(warm);
      }
    }

    const fmt = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `bench:first-row — ${total.toLocaleString('en')} messages in one Dovecot INBOX; medians of ${runs} interleaved runs; Chromium 1280×800`,
    );
    const mr = results.get('Mailroom')!;
    const rcr = results.get('Roundcube');
    for (const kind of ['cold', 'warm'] as const) {
      for (const measure of [
        'firstRowMs',
        'firstPaintMs',
        'firstByteMs',
        'lastByteMs',
        'domInteractiveMs',
        'requests',
      ] as const) {
        const m = median(mr[kind].map((r) => r[measure]));
        const label = {
          firstRowMs: 'first inbox row',
          firstPaintMs: 'first paint',
          firstByteMs: 'HTML first byte',
          lastByteMs: 'HTML last byte',
          domInteractiveMs: 'DOM interactive',
          requests: 'requests sent',
        }[measure];
        const show = measure === 'requests' ? (v: number) => String(v) : fmt;
        if (!rcr) {
          console.log(`${kind.padEnd(5)} ${label.padEnd(16)} Mailroom ${show(m).padStart(7)}   Roundcube skipped`);
          continue;
        }
        const r = median(rcr[kind].map((x) => x[measure]));
        const target = measure === 'firstRowMs' ? `  target ≤ 0.50: ${m / r <= 0.5 ? 'met' : 'NOT met'}` : '';
        console.log(
          `${kind.padEnd(5)} ${label.padEnd(16)} Mailroom ${show(m).padStart(7)}   Roundcube ${show(r).padStart(7)}   ratio ${(m / r).toFixed(2)}${target}`,
        );
      }
    }
    for (const [name, result] of results) {
      const list = result.cold.find((r) => r.list)?.list;
      console.log(
        list
          ? `${name} list request: ${list.encoding}, ${list.transferredBytes.toLocaleString('en')} B transferred (${list.url.replace(/^https?:\/\/[^/]+/, '')})`
          : `${name}: no list request (the rows came with the page)`,
      );
    }
    console.log(
      firstLoad.ok
        ? `Mailroom /mail first-load JavaScript: ${(firstLoad.gzipBytes / 1024).toFixed(1)} KB gzip (${firstLoad.gzipBytes.toLocaleString('en')} B, ${firstLoad.scripts} scripts; target ≤ 180 KB)`
        : `first-load JavaScript not measured: ${firstLoad.reason}`,
    );
    console.log(flushLine);
  }
} finally {
  await browser?.close();
  for (const stop of stops.reverse()) await stop();
  await closeDb();
  await Promise.all([dovecot.stop(), smtp.stop()]);
  await pg.stop();
}
process.exit(0);
