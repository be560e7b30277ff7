// npm run bench:live — figures for live mail (not a test: it asserts nothing). One Dovecot, one worker process
// (scripts/worker.ts, as in production), BENCH_LIVE_ONLINE (default 200) mailboxes whose owners are online.
// (1) Mail is APPENDed to random online mailboxes at random moments (Poisson, BENCH_LIVE_RATE per second,
// default 2 — ten times what 200 busy inboxes get —, BENCH_LIVE_MESSAGES in all, default 200). Latency is from
// the APPEND to the event reaching a signed-in SSE client of GET /api/mail/events (when a production build
// with it is in NEXT_DIST_DIR, default .next; the server runs with MAILROOM_WORKERS=off), to the NOTIFY on
// channel mail_events that feeds it, and to the row being visible.
// (2) BENCH_LIVE_IDLE (default 500) mailboxes online: the worker's RSS once it idles on all of them.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import { startDovecot } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { startBenchDatabase } from './bench-database';
import { Arrivals } from './live-arrivals';
import { openSseClients } from './live-sse';
import { type Server, sessionCookie, startNext } from './next-server';

const ONLINE = Number(process.env.BENCH_LIVE_ONLINE ?? 200);
const IDLE_TOTAL = Math.max(ONLINE, Number(process.env.BENCH_LIVE_IDLE ?? 500));
const MESSAGES = Number(process.env.BENCH_LIVE_MESSAGES ?? 200);
const RATE = Number(process.env.BENCH_LIVE_RATE ?? 2);
const log = (line: string) => console.log(`[bench:live] ${line}`);

const database = await startBenchDatabase({ allowLoopbackMail: true });
const { closeDb, getDb } = await import('@/db/client');
const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
let worker: ChildProcess | undefined;
let server: Server | undefined;

const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
  (await getDb().$client.query<T>(text, values)).rows;
const rssOf = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(
    /(\d+) kB/.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(field)) ?? '',
    )?.[1] ?? NaN,
  ) / 1024;

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
  return Date.now() - started;
}

try {
  const { connectedMailbox, MAIL_PASSWORD } = await import('@/test/mail-fixture');
  const created = Date.now();
  const boxes: Array<Awaited<ReturnType<typeof connectedMailbox>>> = [];
  for (let i = 0; i < IDLE_TOTAL; i += 5)
    boxes.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(5, IDLE_TOTAL - i) }, () => connectedMailbox(dovecot, smtp)),
      )),
    );
  log(`${IDLE_TOTAL} mailboxes connected on one Dovecot in ${((Date.now() - created) / 1000).toFixed(0)} s`);

  const online = new Set(boxes.slice(0, ONLINE).map((b) => b.user.id));
  // A heartbeat for the online users, as their open tabs would send one (the online window is 2 minutes).
  const beat = () => query('update users set last_seen_at = now() where id = any($1::uuid[])', [[...online]]);
  await beat();
  const beating = setInterval(() => void beat(), 30_000);

  worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, MAILROOM_LIVE_SYNC: 'on' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const idleLeases = async () =>
    Number(
      (
        await query<{ n: string }>(
          "select count(*) n from mailbox_idle_leases where mode = 'idle' and expires_at > now()",
        )
      )[0]?.n,
    );
  const syncedOnline = async () =>
    Number(
      (
        await query<{ n: string }>(
          'select count(*) n from mailboxes where owner_user_id = any($1::uuid[]) and last_sync_at is not null',
          [[...online]],
        )
      )[0]?.n,
    );
  const settle = async (count: number) => {
    const ms = await waitUntil(
      `${count} IDLE leases and their first syncs`,
      async () => (await idleLeases()) >= count && (await syncedOnline()) >= count,
      300_000,
    );
    log(
      `worker idles on ${count} mailboxes, each synced once, ${(ms / 1000).toFixed(1)} s after ${count === ONLINE ? 'its start' : 'they came online'}`,
    );
  };
  await settle(ONLINE);
  await sleep(3_000);

  // Warm-up: the first message a worker parses starts its parse threads (seconds); a running worker has them.
  await Promise.all(boxes.slice(0, 4).map((box) => box.seed('INBOX', [{ subject: 'warm-up' }])));
  await waitUntil(
    'the warm-up messages',
    async () => {
      const rows = await query<{ n: number }>("select count(*)::int n from messages where subject = 'warm-up'");
      return (rows[0]?.n ?? 0) >= 4;
    },
    120_000,
  );

  // (1) Latency, on three channels: one LISTEN connection (what feeds the SSE endpoint), the SSE endpoint
  // itself when a production build with it is there (one signed-in stream per online user), and the row.
  const pool = getDb().$client;
  const notify = new Arrivals(pool, 'APPEND → NOTIFY mail_events');
  const visible = new Arrivals(pool, 'APPEND → row visible');
  const sse = new Arrivals(pool, 'APPEND → SSE event in the browser’s stream (target p95 ≤ 2000 ms)');
  const listener = new pg.Client({ connectionString: database.url });
  await listener.connect();
  await listener.query('listen mail_events');
  listener.on('notification', (message) => {
    const [, mailboxId, , kind] = (message.payload ?? '').split(':');
    if (kind === 'new' && mailboxId) void notify.announced(mailboxId, performance.now());
  });
  let streams: { close: () => void } | undefined;
  if (existsSync(path.join(process.env.NEXT_DIST_DIR || '.next', 'server', 'app', 'api', 'mail', 'events'))) {
    server = await startNext(database.url, log);
    const cookies = await Promise.all(
      boxes
        .slice(0, ONLINE)
        .map((b) => sessionCookie(getDb(), { userId: b.user.id, orgId: b.org.id, email: b.user.email })),
    );
    streams = await openSseClients(server.base, cookies, (mailboxId, at) => void sse.announced(mailboxId, at));
    log(`${cookies.length} SSE clients connected to ${server.base}/api/mail/events`);
  } else log('no production build with /api/mail/events (NEXT_DIST_DIR): SSE not measured, NOTIFY stands in for it');
  let polling = false;
  const poller = setInterval(async () => {
    if (polling) return;
    polling = true;
    const now = performance.now();
    const ids = boxes.slice(0, ONLINE).map((b) => b.mailbox.id);
    await Promise.all(ids.map((id) => visible.announced(id, now))).finally(() => {
      polling = false;
    });
  }, 50);

  const deliveries: Promise<void>[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    await sleep(-Math.log(1 - Math.random()) * (1000 / RATE));
    const box = boxes[Math.floor(Math.random() * ONLINE)]!;
    const token = `live-bench-${i}-${Math.random().toString(36).slice(2, 8)}`;
    deliveries.push(
      (async () => {
        const client = new ImapFlow({
          host: '127.0.0.1',
          port: dovecot.imapPort,
          secure: false,
          auth: { user: box.email, pass: MAIL_PASSWORD },
          logger: false,
        });
        await client.connect();
        const raw = generateMessage({ subject: token, date: new Date() });
        const at = performance.now();
        for (const channel of [notify, visible, ...(streams ? [sse] : [])]) channel.expect(box.mailbox.id, token, at);
        await client.append('INBOX', raw);
        await client.logout();
      })(),
    );
  }
  await Promise.all(deliveries);
  await waitUntil('the last deliveries', async () => visible.outstanding === 0, 60_000).catch((error: Error) =>
    log(error.message),
  );
  await sleep(1_000);
  clearInterval(poller);
  streams?.close();
  await listener.end();
  log(`${MESSAGES} messages APPENDed at random to ${ONLINE} online mailboxes, ${RATE} per second on average`);
  for (const channel of streams ? [sse, notify, visible] : [notify, visible]) log(channel.report(MESSAGES));
  // Dovecot learns of new mail by inotify, one instance per IDLE process; past fs.inotify.max_user_instances
  // (128 by default, per Unix user, shared with every other Dovecot on the machine) it falls back to looking
  // every mailbox_idle_check_interval (30 s): a limit of the test server, not of Mailroom.
  const inotify = readFileSync(path.join(dovecot.rootDir, 'dovecot.log'), 'utf8').match(/Inotify instance limit/g);
  if (inotify)
    log(
      `Dovecot hit the inotify instance limit ${inotify.length} times (/proc/sys/fs/inotify/max_user_instances = ${readFileSync('/proc/sys/fs/inotify/max_user_instances', 'utf8').trim()}): those IDLE sessions see new mail only every 30 s`,
    );
  log(`worker RSS with ${ONLINE} idle connections: ${rssOf(worker.pid!, 'VmRSS').toFixed(0)} MB`);

  // (2) Memory with IDLE_TOTAL idle connections.
  for (const box of boxes) online.add(box.user.id);
  await beat();
  await settle(IDLE_TOTAL);
  await sleep(10_000);
  log(
    `worker RSS with ${await idleLeases()} idle connections: ${rssOf(worker.pid!, 'VmRSS').toFixed(0)} MB (peak ${rssOf(worker.pid!, 'VmHWM').toFixed(0)} MB; target ≤ 300 MB)`,
  );
  clearInterval(beating);

  worker.kill('SIGTERM');
  await new Promise((resolve) => worker!.once('exit', resolve));
  const left = Number((await query<{ n: string }>('select count(*) n from mailbox_idle_leases'))[0]?.n);
  log(`after SIGTERM the worker left ${left} leases`);
} finally {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await server?.stop();
  await closeDb();
  await Promise.all([dovecot.stop(), smtp.stop()]);
  await database.stop();
}
