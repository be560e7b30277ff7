import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by the processes whose command name starts with one of `names`
 * ("postgres", "dovecot", "imap"), from /proc: where an import's time goes besides its own process. Processes
 * that exit in between count through their parent (a server's connections), so this is taken around a phase
 * with the servers already running.
 * Null off Linux.
 */
export async function cpuSecondsOf(names: string[]): Promise<number | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // "pid (comm) state …": the command name may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    if (!names.some((name) => comm.startsWith(name))) continue;
    const fields = stat.slice(close + 2).split(' ');
    // Fields 14–17 of stat (utime, stime, and those of exited children the process waited for: a server's
    // finished connections), counted from the state field as 3.
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks / TICKS_PER_SECOND;
}
