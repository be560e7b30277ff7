import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const KILL_AFTER_MS = 3_000;
const TMPFS_MAGIC = 0x01021994;
export const CYRUS_ROOT_PREFIX = 'mailroom-cyrus-';

export interface CyrusMaster {
  /** Resolves with a description ("exited with code 75") once the master is gone, or it could not be spawned. */
  ended: Promise<string>;
  /** Terminates the master and all its children (imapd, idled); idempotent. */
  kill(): Promise<void>;
}

export interface SpawnCyrusOptions {
  rootDir: string;
  /** Set when we are root: the master is started as this account (Cyrus refuses to run as root). */
  runAs?: { uid: number; gid: number };
  env: NodeJS.ProcessEnv;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Runs Cyrus's `master` in the foreground as the leader of its own process group. */
export function spawnCyrusMaster({ rootDir, runAs, env }: SpawnCyrusOptions): CyrusMaster {
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  if (!setpriv && runAs) throw new Error('setpriv (util-linux) is needed to start Cyrus as an unprivileged user');
  const master = [
    `${rootDir}/bin/master`,
    ...['-C', `${rootDir}/imapd.conf`, '-M', `${rootDir}/cyrus.conf`],
    // master closes stdout/stderr unless -D (which changes how DAEMONs are run); -L keeps them in a file. Cyrus
    // logs to syslog, which is usually absent in containers, so this file only has what goes to stderr.
    ...['-p', `${rootDir}/master.pid`, '-L', `${rootDir}/cyrus.stderr`],
  ];
  // Credentials are switched before --pdeathsig is set (a later switch would clear it), so the kernel SIGTERMs the
  // master when this process dies in any way (even SIGKILL) and a crashed test run never leaves a Cyrus behind.
  const privileges = runAs ? [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups'] : [];
  const [command = 'master', ...args] = setpriv ? [setpriv, ...privileges, '--pdeathsig', 'TERM', ...master] : master;
  const child = spawn(command, args, { detached: true, stdio: 'ignore', env, cwd: rootDir });
  // Without unref a test that forgets stop() would keep its worker alive; the exit hook below still cleans up.
  child.unref();

  const ended = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    child.once('error', (error) => resolve(`could not be started: ${error.message}`));
  });
  const pid = child.pid;
  if (pid === undefined) return { ended, kill: async () => undefined };
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => liveGroups.forEach((group) => signalGroup(group, 'SIGKILL')));
  }

  let killing: Promise<void> | undefined;
  const kill = () =>
    (killing ??= (async () => {
      // The whole group: master, its prefork imapd, client imapds and idled all exit at once.
      if (child.exitCode === null && child.signalCode === null) signalGroup(pid, 'SIGTERM');
      // Otherwise `await server.stop()` as a script's last step lets Node exit before the master is reaped.
      child.ref();
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_AFTER_MS);
      await ended;
      clearTimeout(timer);
      // Children that outlived the master (an imapd busy with a client) must not keep files in rootDir open.
      signalGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    })());
  return { ended, kill };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is gone already.
  }
}

/** Like Dovecot's test bed: tmpfs when it has room (Cyrus also writes one file per message), else os.tmpdir(). */
export async function scratchParent(): Promise<string> {
  const stats = await statfs('/dev/shm').catch(() => undefined);
  const free = stats ? stats.bavail * stats.bsize : 0;
  const parent = stats?.type === TMPFS_MAGIC && free >= 1024 ** 3 ? '/dev/shm' : os.tmpdir();
  sweeping ??= sweepStaleRoots(parent);
  await sweeping;
  return parent;
}

let sweeping: Promise<void> | undefined;

/** Removes directories of earlier runs that were killed before stop() (e.g. Ctrl-C), which would pile up in RAM. */
async function sweepStaleRoots(parent: string): Promise<void> {
  const names = (await readdir(parent).catch(() => [])).filter((name) => name.startsWith(CYRUS_ROOT_PREFIX));
  for (const name of names) {
    const dir = path.join(parent, name);
    const age = Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
    const pid = Number(await readFile(path.join(dir, 'master.pid'), 'utf8').catch(() => ''));
    // A minute of grace covers a parallel run that has created its directory but not yet started Cyrus.
    if (age < 60_000 || (pid > 0 && isAlive(pid))) continue;
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
