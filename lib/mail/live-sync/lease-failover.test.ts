import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { inArray } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxIdleLeases, users } from '@/db/schema';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';

// Two worker processes (fixtures/live-worker.ts: the real supervisor, production lease timing) share six
// online mailboxes; one is killed with SIGKILL. Every change of either process's IDLE set is checked, and
// both are sampled every 50 ms: no mailbox is ever in both. The survivor must hold all six within 30 s.

const servers = useMailServers();
const FIXTURE = fileURLToPath(new URL('./fixtures/live-worker.ts', import.meta.url));
type Worker = { child: ChildProcess; idling: Set<string>; output: string[]; ready: Promise<void> };
const workers: Worker[] = [];

afterAll(async () => {
  for (const worker of workers)
    if (worker.child.exitCode === null && !worker.child.killed) worker.child.kill('SIGTERM');
  await sleep(500);
});

const overlaps: string[] = [];
function checkOverlap(when: string) {
  const [a, b] = workers;
  if (!a || !b) return;
  for (const id of a.idling) if (b.idling.has(id)) overlaps.push(`${when}: ${id}`);
}

function spawnWorker(orgIds: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: process.cwd(),
    env: { ...process.env, LIVE_TEST_ORG_IDS: orgIds.join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: Worker = { child, idling: new Set(), output: [], ready: Promise.resolve() };
  worker.ready = new Promise((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as { ready?: string; idling?: string[] };
        if (message.ready) resolve();
        if (message.idling) {
          worker.idling = new Set(message.idling);
          checkOverlap('on a report');
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => worker.output.push(chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${worker.output.join('')}`)));
  });
  workers.push(worker);
  return worker;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
  return Date.now() - started;
}

it('a killed worker’s IDLE mailboxes are taken over within 30 s, never with two IDLEs on one mailbox', async () => {
  const boxes = await Promise.all(Array.from({ length: 6 }, () => connectedMailbox(servers.dovecot, servers.smtp)));
  await getDb()
    .update(users)
    .set({ lastSeenAt: new Date() })
    .where(
      inArray(
        users.id,
        boxes.map((b) => b.user.id),
      ),
    );
  const ids = boxes.map((b) => b.mailbox.id);
  const orgIds = boxes.map((b) => b.org.id);
  const sampler = setInterval(() => checkOverlap('sampled'), 50);
  try {
    // The first worker is told of three organizations only, so both end up holding leases.
    const first = spawnWorker(orgIds.slice(0, 3));
    await first.ready;
    await waitFor('the first worker to idle on three', () => first.idling.size === 3, 30_000);
    const second = spawnWorker(orgIds);
    await second.ready;
    await waitFor('the second worker to idle on the other three', () => second.idling.size === 3, 30_000);
    expect([...first.idling, ...second.idling].sort()).toEqual([...ids].sort());

    const firstHeld = new Set(first.idling);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // Its sockets closed with it: whatever it reported last is no longer on the server.
    first.idling = new Set();
    // The bound: lease TTL (20 s) + one tick (5 s) + connecting.
    const tookMs = await waitFor('the takeover', () => [...firstHeld].every((id) => second.idling.has(id)), 30_000);
    console.log(`takeover after ${tookMs} ms`);
    const leases = await getDb().select().from(mailboxIdleLeases).where(inArray(mailboxIdleLeases.mailboxId, ids));
    expect(new Set(leases.map((l) => l.workerId)).size).toBe(1);
    expect(overlaps).toEqual([]);

    // A clean stop (SIGTERM) closes the connections and gives the leases back at once.
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    const left = await getDb().select().from(mailboxIdleLeases).where(inArray(mailboxIdleLeases.mailboxId, ids));
    expect(left).toEqual([]);
  } finally {
    clearInterval(sampler);
  }
}, 120_000);
