// npm run bench:fleet — capacity of one web process and N workers on one PostgreSQL (not a test: it asserts
// nothing). One Dovecot with FLEET_MAILBOXES users (1,000) of FLEET_MESSAGES recent messages (200), all mailboxes
// of one organization; FLEET_ONLINE owners (100) send heartbeats through the web process, the rest are offline;
// the SPEC §4 schedule runs on pg-boss in the workers. After the initial imports, FLEET_RATE messages a minute
// (300) are delivered over LMTP to random mailboxes for FLEET_MINUTES (10). FLEET_WORKERS lists the
// configurations (default "1,2,2+kill": "2+kill" SIGKILLs one of two workers halfway). Each configuration runs
// in a process of its own (bench/fleet-run.ts) on a fresh PostgreSQL and Dovecot. The web process is the
// production server of NEXT_DIST_DIR (default .next-fleet, built when missing). The workers run compiled, as
// `npm run worker` does (built here first, ~1 s); FLEET_WORKER_COMMAND replaces them (e.g.
// "node --import tsx scripts/worker.ts" for the source).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const runs = (process.env.FLEET_WORKERS ?? '1,2,2+kill')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
if (!process.env.FLEET_WORKER_COMMAND) {
  const build = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(process.cwd(), 'scripts', 'build-worker.ts')],
    {
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) {
    console.error(`npm run build:worker ended with ${build.status ?? build.signal}`);
    process.exit(1);
  }
}
let failed = false;
for (const run of runs) {
  const match = /^(\d+)(\+kill)?$/.exec(run);
  if (!match || Number(match[1]) < 1 || (match[2] && Number(match[1]) < 2)) {
    console.error(`FLEET_WORKERS: "${run}" is not N or N+kill (N ≥ 2 with +kill)`);
    process.exit(2);
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'bench', 'fleet-run.ts')], {
    stdio: 'inherit',
    env: { ...process.env, FLEET_RUN_WORKERS: match[1], FLEET_RUN_KILL: match[2] ? '1' : '0' },
  });
  if (result.status !== 0) {
    console.error(`configuration ${run} ended with ${result.status ?? result.signal}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
