import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CutRule, ProxiedCommand } from '@/scripts/test-servers/imap-fault-proxy';
import { inProcessParser } from '../../parse/parse-input';
import { syncMailbox, type SyncReport } from '../sync-mailbox';
import { errorText, type RunContext } from './context';
import type { Rng } from './prng';

/** Small batches give a sync more commands to be cut at; short timeouts keep a cut sync from hanging. */
const BATCH_SIZE = 5;
const CUT_TIMEOUTS = { connectMs: 3_000, greetingMs: 3_000, socketMs: 6_000 };
export const TSX_BIN = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
export const CHILD_ENTRY = fileURLToPath(new URL('./sync-child.ts', import.meta.url));

const report = (r: SyncReport) =>
  r.status === 'synced' ? `synced: +${r.imported} ~${r.updated} -${r.removed}` : `skipped (${r.reason})`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A fault-free sync. Right after a killed one PostgreSQL may not yet have dropped the dead session's lock:
 * "already syncing" is waited out. A failure is recorded as a divergence of its own.
 */
export async function cleanSync(ctx: RunContext, label: string): Promise<string> {
  ctx.proxy.disarm();
  for (let attempt = 1; ; attempt++) {
    ctx.proxy.clearLog();
    const started = Date.now();
    try {
      const result = await syncMailbox(ctx.db, {
        mailboxId: ctx.mailboxId,
        parser: inProcessParser,
        batchSize: BATCH_SIZE,
      });
      if (result.status === 'skipped' && result.reason === 'already syncing' && attempt < 40) {
        await sleep(250);
        continue;
      }
      if (result.status !== 'synced') ctx.syncErrors.push(`${label}: ${report(result)}`);
      ctx.lastSync = { commands: ctx.proxy.commands(), ms: Date.now() - started };
      return `${report(result)} (${ctx.lastSync.commands.length} commands, ${ctx.lastSync.ms} ms)`;
    } catch (error) {
      ctx.syncErrors.push(`${label}: fault-free sync failed: ${errorText(error)}`);
      return `FAILED: ${errorText(error)}`;
    }
  }
}

/**
 * Where to cut, chosen from the commands of the last complete sync: by position, or by command and folder.
 * Mostly after the folder LIST, where the sync has begun to change things; sometimes anywhere.
 */
function chooseCut(commands: ProxiedCommand[], rng: Rng): { rule: CutRule; text: string } {
  const all = commands.filter((c) => c.name !== 'LOGOUT');
  const list = all.findIndex((c) => c.name === 'LIST');
  const candidates = list >= 0 && rng.chance(0.8) ? all.slice(list + 1) : all;
  if (candidates.length > 0 && rng.chance(0.5)) {
    const target = rng.pick(candidates);
    const words = target.text.split(' ');
    const folderCommand = /^(SELECT|EXAMINE|STATUS)$/.test(target.name);
    const prefix = folderCommand && words[1] ? `${words[0]} ${words[1]}` : target.name;
    const match = new RegExp(`^${escapeRegExp(prefix)}`, 'i');
    const nth = all.filter((c) => c.index <= target.index && match.test(c.text)).length;
    return { rule: { match, nth }, text: `/${match.source}/ #${nth}` };
  }
  const skipped = all.length - candidates.length;
  const atCommand = 1 + skipped + rng.int(Math.max(candidates.length, 6) + 1);
  return { rule: { atCommand }, text: `command #${atCommand}` };
}

export async function cutSync(ctx: RunContext, rng: Rng, label: string): Promise<string> {
  const { rule, text } = chooseCut(ctx.lastSync.commands, rng);
  ctx.proxy.clearLog();
  ctx.proxy.armCut(rule);
  let outcome: string;
  const started = Date.now();
  try {
    const result = await syncMailbox(ctx.db, {
      mailboxId: ctx.mailboxId,
      parser: inProcessParser,
      batchSize: BATCH_SIZE,
      timeouts: CUT_TIMEOUTS,
    });
    outcome = report(result);
    if (!ctx.proxy.lastCut() && result.status === 'synced')
      ctx.lastSync = { commands: ctx.proxy.commands(), ms: Date.now() - started };
  } catch (error) {
    outcome = `threw ${errorText(error).slice(0, 80)}`;
    if (!ctx.proxy.lastCut()) ctx.syncErrors.push(`${label}: sync failed before its cut: ${errorText(error)}`);
  }
  const cut = ctx.proxy.lastCut();
  ctx.proxy.disarm();
  return `at ${text}: ${cut ? `cut before #${cut.index} ${cut.text.slice(0, 60)}` : 'not reached'} → ${outcome}`;
}

/** A sync in a child process, SIGKILLed at a random moment after it started syncing. */
export async function killedSync(ctx: RunContext, rng: Rng): Promise<string> {
  const delay = Math.round(rng.next() * (ctx.lastSync.ms * 2 + 100));
  // tsx runs the script in a node child of its own: the whole process group is killed.
  const child = spawn(TSX_BIN, [CHILD_ENTRY], {
    env: { ...process.env, FUZZ_MAILBOX_ID: ctx.mailboxId },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('started')) resolve(true);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => resolve(false));
  });
  const timer = setTimeout(kill, 60_000);
  try {
    if (!(await started)) return `child failed to start: ${output.trim().slice(0, 200)}`;
    await sleep(delay);
    const finished = output.includes('done') || output.includes('error');
    kill();
    await exited;
    return `SIGKILL ${delay} ms after start (${finished ? 'sync had already ended' : 'mid-sync'})`;
  } finally {
    clearTimeout(timer);
  }
}
