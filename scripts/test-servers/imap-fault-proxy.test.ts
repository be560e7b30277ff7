import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from './dovecot';
import { startImapFaultProxy } from './imap-fault-proxy';

/** A stand-in server that greets and records every byte it receives. */
async function recordingServer() {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.write('* OK fake\r\n');
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    text: () => Buffer.concat(received).toString('latin1'),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Connects through the proxy and writes `bytes` in small pieces, so lines and literals straddle chunks. */
async function send(port: number, bytes: string, piece = 5): Promise<{ closed: boolean }> {
  const socket = net.connect(port, '127.0.0.1');
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  // Reading what the server says lets the end of the stream (a cut) be noticed.
  socket.resume();
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  for (let i = 0; i < bytes.length && !closed; i += piece) {
    socket.write(bytes.slice(i, i + piece), 'latin1');
    await sleep(1);
  }
  await sleep(50);
  socket.destroy();
  return { closed };
}

describe('IMAP fault proxy', () => {
  it('parses commands across chunks without mistaking literal contents for commands', async () => {
    const target = await recordingServer();
    const proxy = await startImapFaultProxy(target.port);
    const body = 'x9 LOGOUT\r\ny1 DELETE INBOX\r\n{3}\r\n';
    const stream =
      'a1 LOGIN user {6}\r\nsecret\r\n' +
      `a2 APPEND INBOX (\\Seen) {${body.length}+}\r\n${body} {0+}\r\n\r\n` +
      'a3 IDLE\r\nDONE\r\n' +
      'a4 uid fetch 1:* (FLAGS)\r\n';
    await send(proxy.port, stream);
    expect(proxy.commands().map((c) => [c.index, c.tag, c.name])).toEqual([
      [1, 'a1', 'LOGIN'],
      [2, 'a2', 'APPEND'],
      [3, 'a3', 'IDLE'],
      [4, 'a4', 'UID FETCH'],
    ]);
    expect(proxy.commands()[0]!.text).toBe('LOGIN ***');
    expect(target.text()).toBe(stream);
    await proxy.stop();
    await target.stop();
  });

  it('cuts before the Nth command or the Nth match of a pattern, which never reaches the server', async () => {
    const target = await recordingServer();
    const proxy = await startImapFaultProxy(target.port);
    proxy.armCut({ match: /^SELECT "?Projects/i, nth: 2 });
    const first = await send(proxy.port, 'c1 SELECT "Projects"\r\nc2 NOOP\r\nc3 SELECT Projects\r\nc4 NOOP\r\n');
    expect(first.closed).toBe(true);
    expect(target.text()).toBe('c1 SELECT "Projects"\r\nc2 NOOP\r\n');
    expect(proxy.lastCut()).toMatchObject({ tag: 'c3', name: 'SELECT', cut: true });

    proxy.clearLog();
    proxy.armCut({ atCommand: 2 });
    await send(proxy.port, 'd1 NOOP\r\nd2 APPEND X {4}\r\nd3 X\r\nd4 NOOP\r\n');
    expect(proxy.lastCut()).toMatchObject({ index: 2, tag: 'd2', name: 'APPEND' });
    expect(proxy.commands().map((c) => c.tag)).toEqual(['d1', 'd2']);
    // One-shot: the next connection passes.
    expect((await send(proxy.port, 'e1 NOOP\r\n')).closed).toBe(false);
    await proxy.stop();
    await target.stop();
  });

  it('declines COMPRESS itself, so the stream stays readable', async () => {
    const target = await recordingServer();
    const proxy = await startImapFaultProxy(target.port);
    const socket = net.connect(proxy.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('f1 COMPRESS DEFLATE\r\nf2 NOOP\r\n');
    await sleep(100);
    socket.destroy();
    expect(answer).toContain('f1 NO [CANNOT]');
    expect(target.text()).toBe('f2 NOOP\r\n');
    expect(proxy.commands().map((c) => c.name)).toEqual(['COMPRESS', 'NOOP']);
    await proxy.stop();
    await target.stop();
  });

  describe('in front of Dovecot', () => {
    let dovecot: DovecotServer;
    beforeAll(async () => {
      dovecot = await startDovecot();
    });
    afterAll(async () => dovecot?.stop());

    it('records an imapflow session and cuts it at a chosen EXAMINE', async () => {
      await dovecot.addUser('proxy@example.test', 'pw-proxy-1');
      const proxy = await startImapFaultProxy(dovecot.imapPort);
      const connect = async () => {
        const client = new ImapFlow({
          host: '127.0.0.1',
          port: proxy.port,
          secure: false,
          auth: { user: 'proxy@example.test', pass: 'pw-proxy-1' },
          logger: false,
        });
        client.on('error', () => {});
        await client.connect();
        return client;
      };
      const client = await connect();
      await client.mailboxCreate('Projects');
      await client.append('Projects', 'Subject: hi\r\n\r\nz1 LOGOUT\r\nz2 DELETE Projects\r\n', ['\\Seen']);
      await client.mailboxOpen('Projects', { readOnly: true });
      await client.logout();
      const names = proxy.commands().map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['CREATE', 'APPEND', 'EXAMINE', 'LOGOUT']));
      expect(names).not.toContain('DELETE');

      proxy.armCut({ match: /^EXAMINE "?Projects/i });
      const second = await connect();
      await expect(second.mailboxOpen('Projects', { readOnly: true })).rejects.toThrow();
      expect(proxy.lastCut()).toMatchObject({ name: 'EXAMINE' });
      second.close();
      await proxy.stop();
    });
  });
});
