import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCyrus } from './cyrus';
import { ImapWire } from './imap-wire';
import { IMAP_SERVER_KINDS, startImapServer, type TestImapServer } from './imap-server';

let cyrus: TestImapServer;
const clients: ImapFlow[] = [];

beforeAll(async () => {
  cyrus = await startImapServer('cyrus');
});

afterAll(async () => {
  await cyrus?.stop();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.logout().catch(() => client.close())));
});

async function newUser(password = 'secret-pw'): Promise<{ user: string; password: string }> {
  const user = `webmail-${randomUUID().slice(0, 8)}@example.test`;
  await cyrus.addUser(user, password);
  return { user, password };
}

async function connect(user: string, pass: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: cyrus.host,
    port: cyrus.imapPort,
    secure: false,
    auth: { user, pass },
    logger: false,
  });
  clients.push(client);
  await client.connect();
  return client;
}

async function uidsOf(client: ImapFlow, path: string): Promise<number[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const uids: number[] = [];
    for await (const message of client.fetch('1:*', { uid: true })) uids.push(message.uid);
    return uids;
  } finally {
    lock.release();
  }
}

async function statusOf(client: ImapFlow, path: string, query: Parameters<ImapFlow['status']>[1]) {
  const status = await client.status(path, query);
  if (!status) throw new Error(`STATUS ${path} failed`);
  return status;
}

const message = (subject: string) =>
  Buffer.from(
    `From: a@example.test\r\nTo: b@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${randomUUID()}@example.test>\r\n\r\nHello\r\n`,
  );

describe('startCyrus', () => {
  it('offers the extensions the sync engine relies on', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    const wanted = [
      'CONDSTORE',
      'QRESYNC',
      'IDLE',
      'MOVE',
      'UIDPLUS',
      'SPECIAL-USE',
      'LIST-STATUS',
      'MULTIAPPEND',
      'NAMESPACE',
    ];
    for (const capability of wanted) expect(client.capabilities.has(capability), capability).toBe(true);
    expect(client.namespaces?.personal).toEqual([{ prefix: '', delimiter: '/' }]);
  });

  it('logs in with the full address and the right password only', async () => {
    const { user, password } = await newUser();
    await connect(user, password);
    await connect(user.toUpperCase(), password);
    await expect(connect(user, 'wrong-pw')).rejects.toMatchObject({ authenticationFailed: true });
    await expect(connect(`nobody-${randomUUID()}@example.test`, 'x')).rejects.toMatchObject({
      authenticationFailed: true,
    });

    const changed = 'chängéd "pw" \\ with spaces';
    await cyrus.addUser(user, changed);
    await expect(connect(user, password)).rejects.toMatchObject({ authenticationFailed: true });
    await connect(user, changed);
  });

  it('creates INBOX and subscribed special-use folders as siblings of INBOX, separately for each user', async () => {
    const alice = await newUser();
    const bob = await newUser('other-pw');
    const aliceClient = await connect(alice.user, alice.password);
    await aliceClient.mailboxCreate('Private of alice');

    const folders = await (await connect(bob.user, bob.password)).list();
    expect(folders.map((folder) => folder.path).sort()).toEqual([
      'Archive',
      'Drafts',
      'INBOX',
      'Junk',
      'Sent',
      'Trash',
    ]);
    for (const folder of folders) {
      expect(folder.delimiter).toBe('/');
      expect(folder.subscribed, folder.path).toBe(true);
    }
    const special = Object.fromEntries(
      folders.map((folder) => [folder.path, [folder.specialUse, folder.specialUseSource]]),
    );
    expect(special).toMatchObject({
      Drafts: ['\\Drafts', 'extension'],
      Sent: ['\\Sent', 'extension'],
      Junk: ['\\Junk', 'extension'],
      Trash: ['\\Trash', 'extension'],
      Archive: ['\\Archive', 'extension'],
    });
    // Cyrus names the attribute after the xlist-<flag> option, so it is lower-case on the wire.
    expect([...(folders.find((folder) => folder.path === 'Sent')?.flags ?? [])]).toContain('\\sent');
  });

  it('appends with keywords and INTERNALDATE, and reports STATUS with HIGHESTMODSEQ', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    const internalDate = new Date('2024-03-05T14:07:09Z');
    const appended = await client.append(
      'INBOX',
      message('Grüße'),
      ['\\Seen', '$Important', 'mailroom_todo'],
      internalDate,
    );
    expect(appended && appended.uid).toBe(1);

    const status = await statusOf(client, 'INBOX', {
      messages: true,
      uidNext: true,
      uidValidity: true,
      highestModseq: true,
    });
    expect(status).toMatchObject({ messages: 1, uidNext: 2 });
    expect(status.uidValidity).toBeGreaterThan(0n);
    expect(status.highestModseq).toBeGreaterThan(0n);

    const mailbox = await client.mailboxOpen('INBOX');
    expect([...(mailbox.permanentFlags ?? [])]).toContain('\\*');
    expect(mailbox.highestModseq).toBe(status.highestModseq);
    const fetched = await client.fetchOne('1', { uid: true, flags: true, internalDate: true });
    expect(fetched && [...(fetched.flags ?? [])]).toEqual(
      expect.arrayContaining(['\\Seen', '$Important', 'mailroom_todo']),
    );
    expect(fetched && new Date(fetched.internalDate ?? 0).toISOString()).toBe(internalDate.toISOString());
  });

  it('lists folders with their STATUS in one LIST (LIST-STATUS)', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    await client.append('Drafts', message('draft'), ['\\Draft']);
    const folders = await client.list({
      statusQuery: { messages: true, uidNext: true, uidValidity: true, highestModseq: true },
    });
    const drafts = folders.find((folder) => folder.path === 'Drafts');
    expect(drafts?.status).toMatchObject({ messages: 1, uidNext: 2 });
    expect(drafts?.status?.highestModseq).toBeGreaterThan(0n);
  });

  it('returns only the changed message for FETCH CHANGEDSINCE', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    for (const subject of ['one', 'two', 'three']) await client.append('INBOX', message(subject));
    const { highestModseq } = await client.mailboxOpen('INBOX');

    await client.messageFlagsAdd({ uid: 2 }, ['\\Flagged', 'mailroom_seen_by_bot'], { uid: true });
    const changed: Array<{ uid: number; flags: string[] }> = [];
    for await (const m of client.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: highestModseq })) {
      changed.push({ uid: m.uid, flags: [...(m.flags ?? [])] });
    }
    expect(changed).toEqual([{ uid: 2, flags: expect.arrayContaining(['\\Flagged', 'mailroom_seen_by_bot']) }]);
    expect(client.mailbox && client.mailbox.highestModseq).toBeGreaterThan(highestModseq ?? 0n);
  });

  it('copies, moves and expunges by UID', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    for (const subject of ['keep', 'move', 'delete']) await client.append('INBOX', message(subject));
    await client.mailboxOpen('INBOX');

    const copied = await client.messageCopy({ uid: 1 }, 'Archive', { uid: true });
    expect(copied && [...(copied.uidMap ?? [])]).toEqual([[1, 1]]);
    const moved = await client.messageMove({ uid: 2 }, 'Trash', { uid: true });
    expect(moved && [...(moved.uidMap ?? [])]).toEqual([[2, 1]]);
    await client.messageFlagsAdd({ uid: 3 }, ['\\Deleted'], { uid: true });
    expect(await client.messageDelete({ uid: 3 }, { uid: true })).toBe(true);

    expect(await uidsOf(client, 'INBOX')).toEqual([1]);
    expect(await uidsOf(client, 'Archive')).toEqual([1]);
    expect(await uidsOf(client, 'Trash')).toEqual([1]);
  });

  it('keeps UIDVALIDITY, UIDs and the mailbox id across RENAME, also to another parent', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    await client.mailboxCreate('Old name');
    for (const subject of ['a', 'b', 'c']) await client.append('Old name', message(subject));
    await client.mailboxOpen('Old name');
    await client.messageDelete({ uid: 1 }, { uid: true });
    const before = await client.mailboxOpen('Old name');
    await client.mailboxClose();
    // UIDVALIDITY is the creation time in seconds: only a rename in a later second could show a new one.
    await sleep(1050 - (Date.now() % 1000));

    await client.mailboxRename('Old name', 'Neuer Name');
    await client.mailboxRename('Neuer Name', 'Projekte/Neuer Name');
    const after = await client.mailboxOpen('Projekte/Neuer Name');
    expect(after.uidValidity).toBe(before.uidValidity);
    expect(after.uidNext).toBe(4);
    expect(after.mailboxId).toBe(before.mailboxId);
    expect(after.highestModseq).toBeGreaterThan(before.highestModseq ?? 0n);
    expect(await uidsOf(client, 'Projekte/Neuer Name')).toEqual([2, 3]);
    // A folder created now does get a new UIDVALIDITY, so the equality above is not a coincidence.
    await client.mailboxCreate('Fresh');
    expect((await statusOf(client, 'Fresh', { uidValidity: true })).uidValidity).toBeGreaterThan(before.uidValidity);
    expect((await client.list()).map((folder) => folder.path)).not.toContain('Old name');
  });

  it('creates, lists and deletes folders with spaces and non-ASCII names, sent as modified UTF-7', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    const folder = 'Projekte/Größe & Co';
    await client.mailboxCreate(folder);
    await client.append(folder, message('filed'));
    expect((await client.list()).map((entry) => entry.path)).toEqual(expect.arrayContaining(['Projekte', folder]));
    expect(await client.status(folder, { messages: true })).toMatchObject({ messages: 1 });

    const { wire } = await ImapWire.connect(cyrus.host, cyrus.imapPort);
    try {
      await wire.command([`LOGIN "${user}" "${password}"`]);
      const list = await wire.command(['LIST "" "Projekte/*"']);
      expect(list.untagged).toEqual(['* LIST (\\HasNoChildren) "/" "Projekte/Gr&APYA3w-e &- Co"']);
    } finally {
      wire.close();
    }

    await client.mailboxDelete(folder);
    expect((await client.list()).map((entry) => entry.path)).not.toContain(folder);
    // Unlike Dovecot, Cyrus protects special-use folders (specialuse_protect) from DELETE.
    await expect(client.mailboxDelete('Trash')).rejects.toMatchObject({
      responseText: expect.stringMatching(/SPECIAL-USE/),
    });
  });

  it('pushes new messages to an IDLE session', async () => {
    const { user, password } = await newUser();
    const idler = await connect(user, password);
    await idler.mailboxOpen('INBOX');
    const exists = new Promise<{ count: number }>((resolve) => idler.once('exists', resolve));
    void idler.idle();
    await sleep(100);

    const writer = await connect(user, password);
    await writer.append('INBOX', message('wake up'));
    const started = Date.now();
    await expect(Promise.race([exists, sleep(5_000).then(() => 'timeout')])).resolves.toMatchObject({ count: 1 });
    // idled pushes the change; without it imapd would poll every second (imapidlepoll).
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('CyrusServer.stop', () => {
  it('kills the server, frees the port and removes the directory', async () => {
    const server = await startCyrus();
    await server.addUser('stop-me@example.test', 'pw');
    const idle = await connect2(server.imapPort, 'stop-me@example.test', 'pw');
    expect(existsSync(server.rootDir)).toBe(true);

    await server.stop();
    expect(existsSync(server.rootDir)).toBe(false);
    await expect(canBind(server.imapPort)).resolves.toBe(true);
    idle.close();
  });
});

describe('startImapServer', () => {
  it.each(IMAP_SERVER_KINDS)(
    '%s: full-address login, "/" separator and special-use folders beside INBOX',
    async (kind) => {
      const server = await startImapServer(kind);
      try {
        expect(server.kind).toBe(kind);
        await server.addUser('same@example.test', 'pw');
        const client = await connect2(server.imapPort, 'same@example.test', 'pw');
        const folders = await client.list();
        await client.logout();
        const byPath = Object.fromEntries(
          folders.map((folder) => [folder.path, [folder.delimiter, folder.specialUse]]),
        );
        expect(byPath).toEqual({
          INBOX: ['/', '\\Inbox'],
          Drafts: ['/', '\\Drafts'],
          Sent: ['/', '\\Sent'],
          Junk: ['/', '\\Junk'],
          Trash: ['/', '\\Trash'],
          Archive: ['/', '\\Archive'],
        });
      } finally {
        await server.stop();
      }
    },
  );

  it('cyrus: refuses a port that is taken, without leaving anything behind', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startImapServer('cyrus', { port })).rejects.toThrow(`Port ${port} was taken`);
    } finally {
      blocker.close();
    }
  });
});

async function connect2(port: number, user: string, pass: string): Promise<ImapFlow> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
