// npm run bench:load — signed-in clients against the production build, each doing what a reader does: the
// folder list, its second page, a message opened, its body frame. Not a test: asserts nothing, exits 0.
//
//   npm run bench:load [-- --clients 20] [--seconds 60] [--idle 60] [--soaks 1] [--warmup 15] [--build]
//
// Targets (issue 16): 0 errors and p95 ≤ 150 ms on a 2-core machine; the server's RSS after each soak and its
// idle period within 1.5× of the RSS after warm-up, and not growing from one soak to the next. The issue's
// soak is `--seconds 600 --soaks 2`.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { groupRssMb } from './next-server';
import { percentiles, startLoadFixture, timedGet, type LoadFixture, type LoadUser } from './load-fixture';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '60' },
    idle: { type: 'string', default: '60' },
    soaks: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '15' },
    messages: { type: 'string', default: '200' },
    build: { type: 'boolean', default: false },
  },
});
const log = (message: string) => process.stderr.write(`[bench:load] ${message}\n`);
const clients = Number(args.clients);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Step = 'list' | 'page 2' | 'open' | 'body';
type Run = {
  samples: Record<Step, number[]>;
  errors: Array<{ step: Step; status: number; body: string }>;
  requests: number;
  seconds: number;
};

/** One reader: list, page 2, a random message of the page and its body, over and over until the deadline. */
async function reader(fixture: LoadFixture, user: LoadUser, deadline: number, run: Run): Promise<void> {
  const record = (step: Step, result: { status: number; ms: number; body: string }) => {
    run.requests++;
    if (result.status === 200) run.samples[step].push(result.ms);
    else run.errors.push({ step, status: result.status, body: result.body.slice(0, 200) });
    return result.status === 200 ? result.body : null;
  };
  const get = (path: string) => timedGet(fixture.server, user.cookie, path);
  while (Date.now() < deadline) {
    const first = record('list', await get(`/api/mail/messages?folder=${user.folderId}`));
    const page = first ? (JSON.parse(first) as { items: Array<{ id: number }>; nextCursor: string | null }) : null;
    if (page?.nextCursor)
      record(
        'page 2',
        await get(`/api/mail/messages?folder=${user.folderId}&cursor=${encodeURIComponent(page.nextCursor)}`),
      );
    const items = page?.items ?? [];
    const id = items.length > 0 ? items[Math.floor(Math.random() * items.length)]!.id : user.messageIds[0]!;
    record('open', await get(`/api/mail/messages/${id}`));
    record('body', await get(`/api/mail/messages/${id}/body`));
  }
}

async function soak(fixture: LoadFixture, seconds: number): Promise<Run> {
  const run: Run = { samples: { list: [], 'page 2': [], open: [], body: [] }, errors: [], requests: 0, seconds };
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, (_, i) => reader(fixture, fixture.users[i % fixture.users.length]!, deadline, run)),
  );
  return run;
}

const ms = (value: number) => `${value.toFixed(1)}`;
function report(label: string, run: Run): void {
  const all = Object.values(run.samples).flat();
  console.log(
    `\n${label}: ${run.requests} requests in ${run.seconds} s = ${(run.requests / run.seconds).toFixed(1)} req/s, ${run.errors.length} errors`,
  );
  console.log('step     n       p50 ms   p95 ms   p99 ms   max ms');
  for (const [step, samples] of [...Object.entries(run.samples), ['all', all] as const]) {
    const p = percentiles(samples);
    console.log(
      `${step.padEnd(8)} ${String(p.n).padStart(6)}  ${ms(p.p50).padStart(7)}  ${ms(p.p95).padStart(7)}  ${ms(p.p99).padStart(7)}  ${ms(p.max).padStart(7)}`,
    );
  }
  for (const error of run.errors.slice(0, 5)) console.log(`  error: ${error.step} → ${error.status} ${error.body}`);
}

const fixture = await startLoadFixture({
  users: clients,
  messagesPerUser: Number(args.messages),
  build: args.build,
  log,
});
try {
  const rss: Array<[string, number]> = [['started', groupRssMb(fixture.server)]];
  log(`warm-up: ${args.warmup} s`);
  await soak(fixture, Number(args.warmup));
  await sleep(5_000);
  const warm = groupRssMb(fixture.server);
  rss.push(['after warm-up', warm]);
  const runs: Run[] = [];
  for (let i = 1; i <= Number(args.soaks); i++) {
    log(`soak ${i}: ${clients} clients for ${args.seconds} s`);
    const run = await soak(fixture, Number(args.seconds));
    runs.push(run);
    rss.push([`end of soak ${i}`, groupRssMb(fixture.server)]);
    log(`idle ${args.idle} s`);
    await sleep(Number(args.idle) * 1000);
    rss.push([`soak ${i} + ${args.idle} s idle`, groupRssMb(fixture.server)]);
  }

  console.log(
    `bench:load — ${clients} clients (one user each), ${args.messages} messages per mailbox; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  runs.forEach((run, i) => report(`soak ${i + 1}`, run));
  console.log('\nRSS of the server (MB):');
  for (const [label, value] of rss)
    console.log(`  ${label.padEnd(24)} ${value.toFixed(0).padStart(5)}  (${(value / warm).toFixed(2)}× warm)`);
  const idle = rss.filter(([label]) => label.includes('idle')).map(([, value]) => value);
  const all = runs.flatMap((run) => Object.values(run.samples).flat());
  const errors = runs.reduce((sum, run) => sum + run.errors.length, 0);
  console.log('\ntargets:');
  console.log(`  0 errors: ${errors === 0 ? 'yes' : `NO (${errors})`}`);
  console.log(`  p95 ≤ 150 ms: ${percentiles(all).p95 <= 150 ? 'yes' : 'NO'} (${ms(percentiles(all).p95)} ms)`);
  console.log(`  idle RSS ≤ 1.5× warm: ${idle.every((value) => value <= 1.5 * warm) ? 'yes' : 'NO'}`);
  if (idle.length > 1)
    console.log(
      `  no growth between soaks: ${idle.at(-1)! <= idle[0]! * 1.1 ? 'yes' : 'NO'} (${idle.map((v) => v.toFixed(0)).join(' → ')} MB)`,
    );
} finally {
  await fixture.stop();
}
process.exit(0);
