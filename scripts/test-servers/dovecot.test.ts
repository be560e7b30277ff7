import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDovecotUser, startDovecot, type DovecotServer } from './dovecot';
import { appendMessages, deliverByLmtp, generateMessage } from './seed-mail';

let dovecot: DovecotServer;
const clients: ImapFlow[] = [];

beforeAll(async () => {
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.stop();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.logout().catch(() => client.close())));
});

async function newUser(password = 'secret-pw'): Promise<{ user: string; password: string }> {
  const user = `user-${randomUUID()}@example.test`;
  await dovecot.addUser(user, password);
  return { user, password };
}

async function connect(user: string, pass: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: { user, pass },
    logger: false,
  });
  clients.push(client);
  await client.connect();
  return client;
}

describe('startDovecot', () => {
  it('offers the extensions the sync engine relies on', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    for (const capability of ['CONDSTORE', 'QRESYNC', 'IDLE', 'MOVE', 'UIDPLUS', 'SPECIAL-USE', 'MULTIAPPEND']) {
      expect(client.capabilities.has(capability), capability).toBe(true);
    }
  });

  it('auto-creates the special-use folders', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    const specialUse = Object.fromEntries((await client.list()).map((folder) => [folder.path, folder.specialUse]));
    expect(specialUse).toMatchObject({
      Drafts: '\\Drafts',
      Sent: '\\Sent',
      Junk: '\\Junk',
      Trash: '\\Trash',
      Archive: '\\Archive',
    });
  });

  it('stores an appended message and returns it unchanged', async () => {
    const { user, password } = await newUser();
    const client = await connect(user, password);
    const raw = generateMessage({ subject: 'Grüße from the test bed', html: true, attachmentBytes: 2048 });
    const appended = await client.append('INBOX', raw, ['\\Seen'], new Date('2024-03-05T14:07:09Z'));
    expect(appended && appended.uid).toBeGreaterThan(0);

    await client.mailboxOpen('INBOX');
    const message = await client.fetchOne('*', { source: true, envelope: true, flags: true });
    expect(message && message.source?.equals(raw)).toBe(true);
    expect(message && message.envelope?.subject).toBe('Grüße from the test bed');
    expect(message && [...(message.flags ?? [])]).toContain('\\Seen');
  });

  it('refuses a wrong password and an unknown user', async () => {
    const { user } = await newUser();
    await expect(connect(user, 'wrong-pw')).rejects.toMatchObject({ authenticationFailed: true });
    const unknown = `nobody-${randomUUID()}@example.test`;
    await expect(connect(unknown, 'x')).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('sees users added right after another login, and password changes', async () => {
    const first = await newUser();
    await connect(first.user, first.password);
    const second = await newUser('other-pw');
    await connect(second.user, 'other-pw');

    await dovecot.addUser(second.user, 'changed-pw');
    await expect(connect(second.user, 'other-pw')).rejects.toMatchObject({ authenticationFailed: true });
    await connect(second.user, 'changed-pw');
  });

  it('takes users added through its root directory, as a Playwright spec in another process does', async () => {
    const user = `user-${randomUUID()}@example.test`;
    await addDovecotUser(dovecot.rootDir, user, 'from-outside');
    await connect(user, 'from-outside');
    expect(dovecot.submissionPort).toBeUndefined();
  });

  it('seeds messages with MULTIAPPEND, keeping internal dates and flags', async () => {
    const { user, password } = await newUser();
    const start = Date.UTC(2023, 11, 31, 23, 30);
    const messages = Array.from({ length: 200 }, (_, i) => {
      const date = new Date(start + i * 3_600_000);
      const flags = i % 2 ? ['\\Seen'] : [];
      return { raw: generateMessage({ subject: `Seed ${i}`, date }), internalDate: date, flags };
    });
    const seed = { host: dovecot.host, port: dovecot.imapPort, user, password, messages, batchSize: 64 };
    const result = await appendMessages(seed);
    expect(result.appended).toBe(200);
    expect(result.uids).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    const client = await connect(user, password);
    const status = await client.status('INBOX', { messages: true, unseen: true });
    expect(status).toMatchObject({ messages: 200, unseen: 100 });
    await client.mailboxOpen('INBOX');
    const dates: number[] = [];
    for await (const message of client.fetch('1:*', { internalDate: true })) {
      dates.push(new Date(message.internalDate ?? 0).getTime());
    }
    expect(dates).toEqual(messages.map((message) => message.internalDate.getTime()));
  });

  it('creates the target folder and encodes non-ASCII names', async () => {
    const { user, password } = await newUser();
    const messages = [{ raw: generateMessage({ subject: 'Filed' }) }];
    const folder = 'Projekte/Größe & Co';
    await appendMessages({ host: dovecot.host, port: dovecot.imapPort, user, password, folder, messages });

    const client = await connect(user, password);
    expect((await client.list()).map((entry) => entry.path)).toContain(folder);
    expect(await client.status(folder, { messages: true })).toMatchObject({ messages: 1 });
  });

  it('reports the server text when an APPEND is refused', async () => {
    const { user, password } = await newUser();
    const messages = [{ raw: generateMessage({}), flags: ['\\Bogus-Flag'] }];
    await expect(
      appendMessages({ host: dovecot.host, port: dovecot.imapPort, user, password, messages }),
    ).rejects.toThrow(/APPEND of messages 1-1 to INBOX failed: (NO|BAD) /);
  });

  it('delivers over LMTP into the INBOX', async () => {
    const { user, password } = await newUser();
    await deliverByLmtp({ host: dovecot.host, port: dovecot.lmtpPort, to: user, raw: generateMessage({ to: user }) });
    const client = await connect(user, password);
    expect(await client.status('INBOX', { messages: true })).toMatchObject({ messages: 1 });
  });
});
