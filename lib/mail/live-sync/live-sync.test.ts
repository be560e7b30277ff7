import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxIdleLeases, mailboxes, messages, users } from '@/db/schema';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import { LiveSyncSupervisor, type SupervisorOptions } from './live-sync-supervisor';

// A supervisor in this process against this file's Dovecot, limited to each test's organization so the
// mailboxes of other test files (same database) are left alone. Ticks are short to keep the file quick; the
// sync is the real one. Nothing here runs the scheduler: every row comes from IDLE (or the poll).

const servers = useMailServers();
const running: LiveSyncSupervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
});

async function onlineMailbox() {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  await setOnline(box.user.id, true);
  return box;
}

const setOnline = (userId: string, online: boolean) =>
  getDb()
    .update(users)
    .set({ lastSeenAt: online ? new Date() : null })
    .where(eq(users.id, userId));

function supervise(orgId: string, options: Partial<SupervisorOptions> = {}) {
  const state = { idling: new Set<string>() as ReadonlySet<string> };
  const supervisor = new LiveSyncSupervisor(getDb(), {
    orgIds: [orgId],
    tickMs: 300,
    onIdlingChange: (idling) => {
      state.idling = idling;
    },
    ...options,
  });
  running.push(supervisor);
  supervisor.start();
  return { supervisor, state };
}

/**
 * Dovecot cannot be configured without IDLE: this proxy in front of it takes IDLE out of every capability list
 * the server sends (greeting, CAPABILITY, the login's OK), as a server without IDLE would announce itself.
 */
async function startNoIdleProxy(targetPort: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) =>
      client.write(chunk.toString('latin1').replace(/(CAPABILITY [^\r\n]*?) IDLE\b/g, '$1'), 'latin1'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

const rowBySubject = async (mailboxId: string, subject: string) =>
  (
    await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, mailboxId), eq(messages.subject, subject)))
  )[0];

const leaseOf = async (mailboxId: string) =>
  (await getDb().select().from(mailboxIdleLeases).where(eq(mailboxIdleLeases.mailboxId, mailboxId)))[0];

describe('live mail over IMAP IDLE', () => {
  it('an APPEND to an online reader’s INBOX, and flags set by another client, reach the database', async () => {
    const box = await onlineMailbox();
    await box.seed('INBOX', [{ subject: 'already there' }]);
    const { supervisor, state } = supervise(box.org.id);
    await waitFor('the IDLE connection', () => state.idling.has(box.mailbox.id));
    expect(supervisor.held()).toEqual(new Map([[box.mailbox.id, 'idle']]));
    expect(await leaseOf(box.mailbox.id)).toMatchObject({ workerId: supervisor.workerId, mode: 'idle' });
    // The catch-up sync when IDLE starts brings what arrived before.
    await waitFor('the catch-up sync', () => rowBySubject(box.mailbox.id, 'already there'));

    await box.seed('INBOX', [{ subject: 'pushed by IDLE' }]);
    const row = await waitFor('the new row', () => rowBySubject(box.mailbox.id, 'pushed by IDLE'));
    expect(row).toMatchObject({ seen: false, flagged: false });

    const other = await box.otherClient();
    try {
      await other.mailboxOpen('INBOX');
      await other.messageFlagsAdd({ uid: String(row.uid) }, ['\\Seen', '\\Flagged'], { uid: true });
    } finally {
      await other.logout();
    }
    await waitFor('the flags', async () => (await rowBySubject(box.mailbox.id, 'pushed by IDLE'))?.flagged);
    expect(await rowBySubject(box.mailbox.id, 'pushed by IDLE')).toMatchObject({ seen: true, flagged: true });
    // The first sync of a process starts its parse workers, which takes seconds on a busy machine.
  }, 90_000);

  it('drops the connection and releases the lease when nobody reads the mailbox any more', async () => {
    const box = await onlineMailbox();
    const { supervisor, state } = supervise(box.org.id);
    await waitFor('the IDLE connection', () => state.idling.has(box.mailbox.id));
    await setOnline(box.user.id, false);
    await waitFor('the connection to close', () => !state.idling.has(box.mailbox.id));
    await waitFor('the lease to go', async () => (await leaseOf(box.mailbox.id)) === undefined);
    expect(supervisor.held().size).toBe(0);
  });

  it('over the worker’s cap the mailbox is polled, with no connection held between polls', async () => {
    const box = await onlineMailbox();
    const { supervisor, state } = supervise(box.org.id, { perWorkerCap: 0, pollIntervalMs: 500 });
    await waitFor('the lease', () => supervisor.held().size === 1);
    expect(supervisor.held()).toEqual(new Map([[box.mailbox.id, 'poll']]));
    expect(await leaseOf(box.mailbox.id)).toMatchObject({ mode: 'poll' });
    await box.seed('INBOX', [{ subject: 'found by polling' }]);
    await waitFor('the polled row', () => rowBySubject(box.mailbox.id, 'found by polling'));
    expect(state.idling.size).toBe(0);
  });

  it('a server without IDLE is polled: the lease turns to polling and new mail still arrives', async () => {
    const proxy = await startNoIdleProxy(servers.dovecot.imapPort);
    try {
      const box = await connectedMailbox(servers.dovecot, servers.smtp, { imapPort: proxy.port });
      await setOnline(box.user.id, true);
      const { supervisor, state } = supervise(box.org.id, { pollIntervalMs: 500 });
      await waitFor('the switch to polling', async () => (await leaseOf(box.mailbox.id))?.mode === 'poll');
      expect(supervisor.held()).toEqual(new Map([[box.mailbox.id, 'poll']]));
      await box.seed('INBOX', [{ subject: 'no IDLE here' }]);
      await waitFor('the polled row', () => rowBySubject(box.mailbox.id, 'no IDLE here'));
      expect(state.idling.size).toBe(0);
      await supervisor.stop();
    } finally {
      await proxy.stop();
    }
  });

  it('a refused password marks the mailbox for reconnection and lets go of it', async () => {
    const box = await onlineMailbox();
    await servers.dovecot.addUser(box.email, 'changed-on-the-server');
    supervise(box.org.id);
    const stored = await waitFor('the reauth mark', async () => {
      const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
      return row?.requiresReauth ? row : undefined;
    });
    expect(stored.lastErrorCode).toBe('mail_auth_failed');
    await waitFor('the lease to go', async () => (await leaseOf(box.mailbox.id)) === undefined);
  });
});
