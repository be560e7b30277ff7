import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const KILL_AFTER_MS = 3_000;

export interface DovecotMaster {
  /** Resolves with a description ("exited with code 89") once the master is gone, or it could not be spawned. */
  ended: Promise<string>;
  /** Terminates the master and all its children; idempotent. */
  kill(): Promise<void>;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Runs `dovecot -F -c <config>` as the leader of its own process group. */
export function spawnMaster(rootDir: string, configPath: string): DovecotMaster {
  const installed = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));
  const dovecot = process.env.DOVECOT_BIN ?? installed;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const master = [dovecot ?? 'dovecot', '-F', '-c', configPath];
  // --pdeathsig has the kernel SIGTERM the master when this process dies in any way (even SIGKILL), so a crashed
  // test run never leaves a Dovecot behind. Fatal errors before log_path is opened only go to stderr.
  const [command = 'dovecot', ...args] = setpriv ? [setpriv, '--pdeathsig', 'TERM', ...master] : master;
  const stderr = openSync(path.join(rootDir, 'dovecot.stderr'), 'w');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', stderr] });
  closeSync(stderr);
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
      // Signalling the whole group lets the children exit in parallel with the master. Were any still alive when
      // the master finishes waiting, it would SIGQUIT them and then sleep a fixed second before exiting.
      if (child.exitCode === null && child.signalCode === null) signalGroup(pid, 'SIGTERM');
      // Otherwise `await server.stop()` as a script's last step lets Node exit before the master is reaped.
      child.ref();
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_AFTER_MS);
      await ended;
      clearTimeout(timer);
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

/** Polls until the IMAP port answers with an `* OK` greeting. */
export async function waitForGreeting(port: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!signal.aborted) {
    const greeting = await readGreeting(port).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNREFUSED' && error.code !== 'ECONNRESET') throw error;
      return undefined;
    });
    if (greeting?.startsWith('* OK')) return;
    if (greeting !== undefined) throw new Error(`unexpected IMAP greeting: ${greeting}`);
    if (Date.now() > deadline) throw new Error(`no IMAP greeting within ${START_TIMEOUT_MS} ms`);
    await sleep(20);
  }
}

function readGreeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    let data = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('timed out waiting for the IMAP greeting')));
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n');
      if (end < 0) return;
      socket.end('x LOGOUT\r\n');
      resolve(data.slice(0, end));
    });
    socket.once('error', reject);
    socket.once('close', () => reject(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' })));
  });
}
