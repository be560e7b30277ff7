// Shared by the benchmarks that measure the production build over HTTP (bench:web, bench:load,
// bench:hostile): builds when needed, runs the production server (scripts/next-server.ts, as `npm start` does)
// on a free port of 127.0.0.1 in its own process group with the background jobs off, and makes session cookies the way the sign-in makes them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import type { Db } from '@/db/client';
import { createSession, SESSION_TTL_MS } from '@/lib/auth/sessions';
import { freePort } from '@/scripts/free-port';

const distDir = () => process.env.NEXT_DIST_DIR || '.next';
const nextBin = () => path.join(process.cwd(), 'node_modules', '.bin', 'next');

/** Builds when asked to or when there is no production build yet; false (with the reason) when it fails. */
export function ensureBuild(
  force: boolean,
  log: (message: string) => void,
): { ok: true; built: boolean } | { ok: false; reason: string } {
  // `.next` alone may hold only the dev server's output (.next/dev); BUILD_ID marks a production build.
  if (!force && existsSync(path.join(distDir(), 'BUILD_ID'))) return { ok: true, built: false };
  log(`next build into ${distDir()} (takes minutes)…`);
  const started = performance.now();
  const result = spawnSync(nextBin(), ['build'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    return { ok: false, reason: `next build failed (exit ${result.status}):\n${output}` };
  }
  log(`next build finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { ok: true, built: true };
}

export type Server = { base: string; child: ChildProcess; stop: () => Promise<void> };

export async function startNext(
  databaseUrl: string,
  log: (message: string) => void,
  env: Record<string, string> = {},
): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  // Its own process group, so stopping it also stops anything the server spawned, and nothing else.
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the server's node: NODE_OPTIONS refuses some.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = path.join(process.cwd(), 'scripts', 'next-server.ts');
  // BENCH_SERVER=next-start runs plain `next start` instead, to compare the forwarding server against it.
  const args =
    process.env.BENCH_SERVER === 'next-start'
      ? [path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next'), 'start']
      : ['--import', 'tsx', server];
  const child = spawn(process.execPath, [...nodeArgs, ...args, '--port', String(port), '--hostname', '127.0.0.1'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      // The benchmark's database must not get the background jobs (sync, retention) of a real instance.
      MAILROOM_WORKERS: 'off',
      ...env,
    },
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 40) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.join('')}`);
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) {
        log(`server listening on ${base}`);
        return { base, child, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the server did not answer within 60 s:\n${output.join('')}`);
}

/**
 * A session cookie for a user, made as the sign-in would make it: an auth_sessions row and an
 * Auth.js JWT holding its id (server/auth.ts), so the page renders as it does for a signed-in user without
 * driving the sign-in form.
 */
export async function sessionCookie(db: Db, user: { userId: string; orgId: string; email: string }): Promise<string> {
  const { sessionId } = await createSession(db, { userId: user.userId, orgId: user.orgId, userAgent: 'bench' });
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set');
  // Plain http on loopback: Auth.js uses the non-"__Secure-" cookie name, which is also the JWT's salt.
  const name = 'authjs.session-token';
  const token = await encode({
    token: { sub: user.userId, email: user.email, sid: sessionId },
    secret,
    salt: name,
    maxAge: SESSION_TTL_MS / 1000,
  });
  return `${name}=${token}`;
}

/** Resident memory of every process in the server's group, in MB. */
export function groupRssMb(server: Server): number {
  const group = server.child.pid;
  let kb = 0;
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: pid (comm) state ppid pgrp … — comm may hold spaces, so split after its ')'.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[2]) !== group) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
