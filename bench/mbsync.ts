import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export type ImapAccount = { port: number; user: string; password: string };

/** The mbsync binary when isync is installed, else null: the bench then skips this peer and says so. */
export function findMbsync(): string | null {
  try {
    return execFileSync('which', ['mbsync'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * mbsync pulling the account's INBOX into an empty Maildir, with its defaults (FSync yes: every message
 * written is synced to disk) over plain IMAP on loopback, in a directory of its own. Returns the time of the
 * sync alone (mbsync starts in a millisecond), and mbsync's peak RSS in MB.
 */
export async function timeMbsync(
  binary: string,
  account: ImapAccount,
  parent = os.tmpdir(),
): Promise<{ ms: number; peakRssMb: number }> {
  // On a disk (not tmpfs, where fsync costs nothing): `parent`.
  const dir = await mkdtemp(path.join(parent, 'mailroom-mbsync-'));
  try {
    const config = path.join(dir, 'mbsyncrc');
    await writeFile(
      config,
      [
        'IMAPAccount bench',
        'Host 127.0.0.1',
        `Port ${account.port}`,
        `User ${account.user}`,
        `Pass "${account.password}"`,
        'SSLType None', // isync 1.4's name (1.5 calls it TLSType)
        'AuthMechs LOGIN',
        '',
        'IMAPStore far',
        'Account bench',
        '',
        'MaildirStore near',
        `Path ${dir}/mail/`,
        `Inbox ${dir}/mail/INBOX`,
        '',
        'Channel bench',
        'Far :far:',
        'Near :near:',
        'Patterns INBOX',
        'Create Near',
        'Sync Pull',
        `SyncState ${dir}/state/`,
        '',
      ].join('\n'),
    );
    await mkdir(path.join(dir, 'state'));
    await mkdir(path.join(dir, 'mail'));
    const started = performance.now();
    const child = spawn(binary, ['-q', '-c', config, 'bench'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Its high-water mark, read while it runs (nothing else reports a child's peak RSS to Node).
    let peakKb = 0;
    const poll = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, 'utf8')
        .then((status) => {
          peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
        })
        .catch(() => {});
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const ms = performance.now() - started;
    clearInterval(poll);
    if (code !== 0) throw new Error(`mbsync exited with ${code}: ${stderr.trim()}`);
    return { ms, peakRssMb: peakKb / 1024 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
