// npm run bench:hostile — does one hostile message slow everybody down? One client opens, replies to and
// forwards two hostile messages in a loop (20,000 nested <div>s; 2 MB of attribute- and style-heavy tables)
// while another user's client polls /api/health and its folder list. Not a test: asserts nothing, exits 0.
//
//   npm run bench:hostile [-- --seconds 30] [--baseline 10] [--build]
//
// Targets (issue 16): the other client's health and list p95 ≤ 100 ms, every hostile request done in ≤ 2 s.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { getDbHandle } from '@/db/client';
import { percentiles, startLoadFixture, timedGet, type LoadFixture } from './load-fixture';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    baseline: { type: 'string', default: '10' },
    build: { type: 'boolean', default: false },
  },
});
const log = (message: string) => process.stderr.write(`[bench:hostile] ${message}\n`);

type Samples = Map<string, { ms: number[]; statuses: Map<number, number> }>;
function record(samples: Samples, name: string, result: { status: number; ms: number }): void {
  const entry = samples.get(name) ?? { ms: [], statuses: new Map<number, number>() };
  entry.ms.push(result.ms);
  entry.statuses.set(result.status, (entry.statuses.get(result.status) ?? 0) + 1);
  samples.set(name, entry);
}

/** The bystander: health and its own folder list, one after the other, with a short pause like a poller. */
async function bystander(fixture: LoadFixture, deadline: number, samples: Samples): Promise<void> {
  const user = fixture.users[1]!;
  while (Date.now() < deadline) {
    record(samples, 'bystander: GET /api/health', await timedGet(fixture.server, '', '/api/health'));
    record(
      samples,
      'bystander: GET list',
      await timedGet(fixture.server, user.cookie, `/api/mail/messages?folder=${user.folderId}`),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** With `uncached`, the rendered bodies are deleted before every request: each open sanitizes from scratch. */
async function attacker(fixture: LoadFixture, deadline: number, samples: Samples, uncached: boolean): Promise<void> {
  const user = fixture.users[0]!;
  const ids = [fixture.hostile.nested, fixture.hostile.large];
  const requests = (['nested', 'large'] as const).flatMap((kind) => {
    const id = fixture.hostile[kind];
    return [
      [`${kind}: open`, `/api/mail/messages/${id}`],
      [`${kind}: body`, `/api/mail/messages/${id}/body`],
      [`${kind}: body with images`, `/api/mail/messages/${id}/body?images=1`],
      [`${kind}: reply`, `/api/mail/messages/${id}/reply?mode=reply`],
      [`${kind}: forward`, `/api/mail/messages/${id}/reply?mode=forward`],
    ] as const;
  });
  while (Date.now() < deadline) {
    for (const [name, path] of requests) {
      if (Date.now() >= deadline) break;
      if (uncached)
        await getDbHandle().pool.query('delete from message_renders where message_id = any($1::bigint[])', [ids]);
      record(samples, name, await timedGet(fixture.server, user.cookie, path));
    }
  }
}

function print(title: string, samples: Samples, target: (name: string) => number): void {
  console.log(`\n${title}`);
  console.log(
    `${'request'.padEnd(34)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  statuses  target`,
  );
  for (const [name, entry] of samples) {
    const p = percentiles(entry.ms);
    const limit = target(name);
    const measured = name.startsWith('bystander') ? p.p95 : p.max;
    const statuses = [...entry.statuses].map(([status, count]) => `${status}×${count}`).join(',');
    const verdict = `${name.startsWith('bystander') ? 'p95' : 'max'} ≤ ${limit} ms: ${measured <= limit ? 'yes' : 'NO'}`;
    console.log(
      `${name.padEnd(34)} ${String(p.n).padStart(5)} ${p.p50.toFixed(1).padStart(8)} ${p.p95.toFixed(1).padStart(8)} ${p.max.toFixed(1).padStart(8)}  ${statuses.padEnd(8)}  ${verdict}`,
    );
  }
}

const fixture = await startLoadFixture({ users: 2, messagesPerUser: 100, build: args.build, log });
try {
  const target = (name: string) => (name.startsWith('bystander') ? 100 : 2_000);
  const quiet: Samples = new Map();
  log(`baseline: the bystander alone for ${args.baseline} s`);
  await bystander(fixture, Date.now() + Number(args.baseline) * 1000, quiet);
  const phases: Array<[string, Samples]> = [];
  for (const uncached of [false, true]) {
    const loaded: Samples = new Map();
    log(`hostile${uncached ? ', render cache emptied before every request' : ''}: both clients for ${args.seconds} s`);
    const deadline = Date.now() + Number(args.seconds) * 1000;
    await Promise.all([bystander(fixture, deadline, loaded), attacker(fixture, deadline, loaded, uncached)]);
    phases.push([
      `under attack (${args.seconds} s${uncached ? ', every render from scratch' : ', renders cached after the first'})`,
      loaded,
    ]);
  }
  console.log(
    `bench:hostile — load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  print(`baseline (${args.baseline} s, bystander alone)`, quiet, target);
  for (const [title, samples] of phases) print(title, samples, target);
} finally {
  await fixture.stop();
}
process.exit(0);
