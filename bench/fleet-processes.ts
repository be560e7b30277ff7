// bench:fleet, processes: the worker processes (`npm run worker`) and the sampler of CPU and RSS of every
// process the bench measures, read from /proc like `ps` does.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Worker = { name: string; child: ChildProcess; log: string[]; kill: (signal: NodeJS.Signals) => void };

/** What `npm run worker` runs: the worker compiled by `npm run build:worker` (bench/fleet.ts builds it first). */
export const COMPILED_WORKER = [process.execPath, '--max-semi-space-size=4', path.join('dist', 'worker', 'worker.mjs')];

/** The command that starts a worker: FLEET_WORKER_COMMAND (e.g. "node --import tsx scripts/worker.ts", from
 * source), or the compiled worker, as production runs it. */
export function workerCommand(): string[] {
  const custom = process.env.FLEET_WORKER_COMMAND?.split(' ').filter(Boolean);
  return custom?.length ? custom : COMPILED_WORKER;
}

/**
 * A worker (workerCommand) in its own process group, so its CPU and RSS are those of the group and a SIGKILL
 * takes the whole of it.
 */
export function startWorker(name: string, env: Record<string, string>): Worker {
  const [command, ...args] = workerCommand();
  if (!process.env.FLEET_WORKER_COMMAND && !existsSync(COMPILED_WORKER[2]!))
    throw new Error(`${COMPILED_WORKER[2]} is missing: run \`npm run build:worker\`, or set FLEET_WORKER_COMMAND`);
  const child = spawn(command!, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // As `npm run worker` sets it (see package.json): glibc's per-thread arenas otherwise grow its RSS.
    env: { MALLOC_ARENA_MAX: '2', ...process.env, ...env },
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log.push(line);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Gone already.
      }
    }
  };
  return { name, child, log, kill };
}

export async function stopWorker(worker: Worker): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  worker.kill('SIGKILL');
}

type Tick = { at: number; cpuTicks: number; rssKb: number; pssKb: number };
export type Usage = { name: string; meanCpuPercent: number; peakRssMb: number; peakPssMb: number };

const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * Every `everyMs`, the CPU time and memory of a set of processes: a process group (web, worker), or a parent
 * and its children (PostgreSQL's postmaster and backends). CPU time is accumulated per process, so a backend
 * that exits between samples does not take its past CPU with it. Memory is the sum of RSS, and of PSS (which
 * counts PostgreSQL's shared buffers once, not once per backend). Mean CPU % is 100 for one busy core.
 */
export function startSampler(targets: Array<{ name: string; group?: number; parent?: number }>, everyMs = 3_000) {
  const series = new Map<string, Tick[]>(targets.map((t) => [t.name, []]));
  const seen = new Map<string, Map<number, number>>(targets.map((t) => [t.name, new Map()]));
  const total = new Map<string, number>(targets.map((t) => [t.name, 0]));
  let first = true;
  const sample = () => {
    const procs = readProcs((pgrp, ppid, pid) =>
      targets.some((t) => pgrp === t.group || pid === t.parent || (t.parent !== undefined && ppid === t.parent)),
    );
    const at = Date.now();
    for (const target of targets) {
      const members = procs.filter(
        (p) =>
          p.pgrp === target.group ||
          p.pid === target.parent ||
          (target.parent !== undefined && p.ppid === target.parent),
      );
      const last = seen.get(target.name)!;
      let cpu = total.get(target.name)!;
      // A process first seen after the first sample started since the last one: all its CPU time is new.
      for (const p of members) cpu += first ? 0 : p.cpuTicks - (last.get(p.pid) ?? 0);
      seen.set(target.name, new Map(members.map((p) => [p.pid, p.cpuTicks])));
      total.set(target.name, cpu);
      series.get(target.name)!.push({
        at,
        cpuTicks: cpu,
        rssKb: members.reduce((sum, p) => sum + p.rssKb, 0),
        pssKb: members.reduce((sum, p) => sum + p.pssKb, 0),
      });
    }
    first = false;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** Usage between two instants (ms since the epoch), or over everything sampled. */
    usage(from = 0, to = Number.POSITIVE_INFINITY): Usage[] {
      return targets.map(({ name }) => {
        const ticks = series.get(name)!.filter((t) => t.at >= from && t.at <= to);
        const first = ticks[0];
        const last = ticks.at(-1);
        const seconds = first && last ? (last.at - first.at) / 1000 : 0;
        const cpu = first && last && seconds > 0 ? ((last.cpuTicks - first.cpuTicks) / CLOCK_TICKS / seconds) * 100 : 0;
        const peak = (key: 'rssKb' | 'pssKb') => Math.max(0, ...ticks.map((t) => t[key])) / 1024;
        return { name, meanCpuPercent: cpu, peakRssMb: peak('rssKb'), peakPssMb: peak('pssKb') };
      });
    },
    stop: () => clearInterval(timer),
  };
}

type Proc = { pid: number; ppid: number; pgrp: number; cpuTicks: number; rssKb: number; pssKb: number };

function readProcs(watched: (pgrp: number, ppid: number, pid: number) => boolean): Proc[] {
  const procs: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: pid (comm) state ppid pgrp … utime(14) stime(15); comm may hold spaces.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const pgrp = Number(fields[2]);
      const ppid = Number(fields[1]);
      if (!watched(pgrp, ppid, Number(entry))) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const rollup = readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8');
      procs.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
        rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        pssKb: Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return procs;
}
