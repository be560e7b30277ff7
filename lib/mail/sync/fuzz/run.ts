import type { Db } from '@/db/client';
import { appOps } from './app-ops';
import { compareStates } from './compare';
import { errorText, type FuzzServer, type RunContext, type ServerKind } from './context';
import { linkCounts, loadDbState } from './db-state';
import { generateSequence, type Layout, type Op, type OpKind } from './generator';
import { Rng } from './prng';
import { serverOps } from './server-ops';
import { setUpRun, tearDownRun } from './setup';
import { serverSnapshot } from './snapshot';
import { cleanSync, cutSync, killedSync } from './sync-ops';

export type RunOptions = {
  db: Db;
  server: FuzzServer;
  kind: ServerKind;
  seed: number;
  ops: number;
  killSyncs?: boolean;
};
export type RunResult = { seed: number; ops: number; ms: number; log: string[] };

/** A divergence between the database and the server; its message replays the run and shows the diff. */
export class FuzzFailure extends Error {
  constructor(
    readonly seed: number,
    readonly diff: string[],
    message: string,
  ) {
    super(message);
    this.name = 'FuzzFailure';
  }
}

const handlers: Record<OpKind, (ctx: RunContext, rng: Rng, label: string) => Promise<string>> = {
  ...serverOps,
  ...appOps,
  sync: (ctx, _rng, label) => cleanSync(ctx, label),
  cutSync: (ctx, rng, label) => cutSync(ctx, rng, label),
  killSync: (ctx, rng) => killedSync(ctx, rng),
};

const pad = (n: number) => String(n).padStart(2, '0');

async function runOp(ctx: RunContext, op: Op): Promise<string> {
  const label = `#${pad(op.n)}`;
  try {
    return `${label} ${op.kind}: ${await handlers[op.kind](ctx, new Rng(op.seed), label)}`;
  } catch (error) {
    // An operation refused (a stale UID, a CRM rule) is part of the story, not a divergence by itself.
    return `${label} ${op.kind}: refused: ${errorText(error)}`;
  }
}

/**
 * One seeded sequence: set up a mailbox, sync it, run the operations, then one clean sync and compare the
 * database to the server. Resolves with the log, or rejects with a FuzzFailure.
 */
export async function runFuzzSequence(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const { layout, ops } = generateSequence(options.seed, { ops: options.ops, killSyncs: options.killSyncs });
  const ctx = await setUpRun({ ...options, layout });
  const log: string[] = [];
  try {
    log.push(`#00 initial sync: ${await cleanSync(ctx, 'initial sync')}`);
    for (const op of ops) log.push(await runOp(ctx, op));
    log.push(`final sync: ${await cleanSync(ctx, 'final sync')}`);
    const [server, db] = [await serverSnapshot(ctx), await loadDbState(ctx)];
    const links = await linkCounts(ctx, [...ctx.linked.keys()]);
    const diff = [...ctx.syncErrors, ...compareStates(server, db, ctx, links)];
    const killed = ops.some((op) => op.kind === 'killSync');
    if (diff.length > 0) throw new FuzzFailure(options.seed, diff, failureText(options, layout, log, diff, killed));
    return { seed: options.seed, ops: options.ops, ms: Date.now() - started, log };
  } finally {
    await tearDownRun(ctx);
  }
}

function failureText(options: RunOptions, layout: Layout, log: string[], diff: string[], killed: boolean): string {
  const replay = `npx tsx scripts/fuzz-sync.ts --server ${options.kind} --seed ${options.seed} --ops ${options.ops}${options.killSyncs === false ? ' --no-kill' : ''}`;
  // Where a SIGKILL lands is the one thing a seed does not fix; --no-kill runs a clean sync in its place.
  const note = killed ? '; it had a killed sync, so if the replay passes, try it with --no-kill' : '';
  return [
    `sync fuzz divergence on ${options.kind}, seed ${options.seed}, ${options.ops} ops (replay: ${replay}${note})`,
    `layout: ${layout.folders.map((f) => `${JSON.stringify(f.path)} ${f.count}`).join(', ')}`,
    'operations:',
    ...log.map((line) => `  ${line}`),
    `diff (${diff.length}):`,
    ...diff.map((line) => `  - ${line}`),
  ].join('\n');
}
