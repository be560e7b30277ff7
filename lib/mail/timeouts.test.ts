import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { startSmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { startTcpProxy } from '@/scripts/test-servers/tcp-proxy';
import { classifyMailError } from './errors';
import { openImapConnection, type ImapTimeouts } from './imap/open-imap-connection';
import { deliverOverSmtp, type SmtpTimeouts } from './send/deliver-over-smtp';
import type { TransportSecurity } from './settings';

// Short timeouts, each phase's own clearly apart from the others, so the stage that fires is the one under test.
const IMAP: ImapTimeouts = { connectMs: 1_500, greetingMs: 400, socketMs: 2_500 };
const SMTP: SmtpTimeouts = { connectMs: 1_500, greetingMs: 400, socketMs: 800, totalMs: 10_000 };
const HOST = '127.0.0.1';

type FakeServer = { port: number; close(): Promise<void> };
const running: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** A TCP server on 127.0.0.1 that does what `onConnection` says (by default: accepts and stays silent). */
async function fakeServer(onConnection: (socket: net.Socket) => void = () => {}): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const fake = {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  running.push(fake);
  return fake;
}

/** Answers each line the client sends with `answer(line)` (nothing when it returns undefined). */
function lineServer(greeting: string, answer: (line: string, socket: net.Socket) => string | undefined) {
  return fakeServer((socket) => {
    socket.write(greeting);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const reply = answer(line, socket);
        if (reply !== undefined) socket.write(reply);
      }
    });
  });
}

const imapSettings = (port: number, security: TransportSecurity = 'none') => ({
  host: HOST,
  port,
  security,
  login: 'user@example.test',
});
const openImap = (port: number, security: TransportSecurity = 'none') =>
  openImapConnection(imapSettings(port, security), 'secret', IMAP);

async function deliverAndClassify(port: number, security: TransportSecurity, timeouts: SmtpTimeouts = SMTP) {
  const delivery = await deliverOverSmtp(
    { host: HOST, port, security, login: 'user@example.test' },
    'secret',
    {
      envelope: { from: 'user@example.test', to: ['bob@example.test'] },
      raw: Buffer.from('Subject: hi\r\n\r\nhello\r\n'),
    },
    timeouts,
  );
  if (delivery.outcome === 'sent') throw new Error('expected a failed delivery');
  // As sendMessage classifies it.
  return {
    outcome: delivery.outcome,
    error: classifyMailError(delivery.error, { kind: 'SMTP', host: HOST, port, security, stage: delivery.stage }),
  };
}

describe('IMAP timeouts are reported as timeouts, at every stage', () => {
  it('a server that accepts the connection but never greets (security none) is a greeting timeout, not a TLS failure', async () => {
    const silent = await fakeServer();
    await expect(openImap(silent.port)).rejects.toMatchObject({
      code: 'mail_timeout',
      status: 504,
      details: { stage: 'greeting' },
      userMessage: expect.stringMatching(
        new RegExp(
          `^The IMAP server 127\\.0\\.0\\.1:${silent.port} accepted the connection but did not send its greeting in time\\. If this port expects TLS from the start`,
        ),
      ),
    });
  });

  it('a socket timeout before the greeting (shorter than the greeting timeout) is a greeting timeout too', async () => {
    const silent = await fakeServer();
    const error = await openImapConnection(imapSettings(silent.port), 'secret', {
      connectMs: 1_500,
      greetingMs: 2_500,
      socketMs: 400,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'mail_timeout', details: { stage: 'greeting' } });
  });

  it('a server that greets and then never answers is a timeout while logging in', async () => {
    const mute = await lineServer('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n', () => undefined);
    await expect(
      openImapConnection(imapSettings(mute.port), 'secret', { connectMs: 1_500, greetingMs: 1_500, socketMs: 400 }),
    ).rejects.toMatchObject({
      code: 'mail_timeout',
      details: { stage: 'login' },
      userMessage: expect.stringMatching(/^The IMAP server 127\.0\.0\.1:\d+ did not answer in time while logging in\./),
    });
  });

  it('a TLS mailbox whose server never answers the handshake is a timeout, not a TLS failure', async () => {
    const silent = await fakeServer();
    await expect(openImap(silent.port, 'tls')).rejects.toMatchObject({
      code: 'mail_timeout',
      details: { stage: 'connect' },
      userMessage: expect.stringMatching(
        /did not answer in time while connecting \(TCP connection and TLS handshake\)/,
      ),
    });
  });

  it('keeps a genuine TLS failure (a plain server on a TLS port) classified as TLS', async () => {
    const plain = await lineServer('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n', () => undefined);
    await expect(openImap(plain.port, 'tls')).rejects.toMatchObject({
      code: 'mail_tls_failed',
      userMessage: expect.stringMatching(/does not speak TLS on this port/),
    });
  });

  describe('in a session (Dovecot behind a proxy that stalls)', () => {
    let dovecot: DovecotServer;
    beforeAll(async () => {
      dovecot = await startDovecot();
    });
    afterAll(async () => {
      await dovecot?.stop();
    });

    it('a server that stops answering during a FETCH is a timeout naming the command, not an unreachable server', async () => {
      const email = `stall-${Date.now()}@example.test`;
      await dovecot.addUser(email, 'secret');
      const proxy = await startTcpProxy(dovecot.imapPort);
      try {
        const client = await openImapConnection(
          { host: HOST, port: proxy.port, security: 'none', login: email },
          'secret',
          { connectMs: 2_000, greetingMs: 2_000, socketMs: 600 },
        );
        try {
          await client.append('INBOX', generateMessage({ subject: 'Stalled' }));
          await client.mailboxOpen('INBOX');
          proxy.stall();
          const raw = await client.fetchAll('1:*', { uid: true, source: true }).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(raw).toBeDefined();
          // As a sync classifies a failure of a command (sync-mailbox.ts): kind, host and port only.
          expect(classifyMailError(raw, { kind: 'IMAP', host: HOST, port: proxy.port })).toMatchObject({
            code: 'mail_timeout',
            details: { stage: 'command', command: expect.stringMatching(/FETCH/) },
            userMessage: expect.stringMatching(
              new RegExp(`^The IMAP server 127\\.0\\.0\\.1:${proxy.port} stopped answering during (UID )?FETCH`),
            ),
          });
        } finally {
          client.close();
        }
      } finally {
        await proxy.stop();
      }
    });
  });
});

describe('SMTP timeouts are reported as timeouts, at every stage', () => {
  it('a server that never greets', async () => {
    const silent = await fakeServer();
    const { outcome, error } = await deliverAndClassify(silent.port, 'none');
    expect(outcome).toBe('refused');
    expect(error).toMatchObject({
      code: 'mail_timeout',
      details: { stage: 'greeting' },
      userMessage: expect.stringMatching(
        new RegExp(
          `^The SMTP server 127\\.0\\.0\\.1:${silent.port} accepted the connection but did not send its greeting in time\\. If this port expects TLS from the start \\(usually 465\\)`,
        ),
      ),
    });
  });

  it('a TLS server that never answers the handshake', async () => {
    const silent = await fakeServer();
    const { error } = await deliverAndClassify(silent.port, 'tls');
    expect(error).toMatchObject({
      code: 'mail_timeout',
      details: { stage: 'connect' },
      userMessage: expect.stringMatching(/while connecting \(TCP connection and TLS handshake\)/),
    });
  });

  it('a server that offers AUTH and never answers it', async () => {
    const mute = await lineServer('220 fake ESMTP\r\n', (line) =>
      /^EHLO /i.test(line) ? '250-fake\r\n250 AUTH PLAIN LOGIN\r\n' : undefined,
    );
    const { outcome, error } = await deliverAndClassify(mute.port, 'none');
    expect(outcome).toBe('refused');
    expect(error).toMatchObject({
      code: 'mail_timeout',
      details: { stage: 'login' },
      userMessage: expect.stringMatching(/did not answer in time while logging in/),
    });
  });

  it('a server that never answers MAIL FROM: not sent, and said so', async () => {
    const mute = await lineServer('220 fake ESMTP\r\n', (line) => (/^EHLO /i.test(line) ? '250 fake\r\n' : undefined));
    const { outcome, error } = await deliverAndClassify(mute.port, 'none');
    expect(outcome).toBe('refused');
    expect(error).toMatchObject({
      code: 'mail_timeout',
      details: { stage: 'envelope' },
      userMessage: expect.stringMatching(
        /stopped answering while the message was being handed over.*The message was not sent/,
      ),
    });
  });

  it('a server that takes the data and never confirms it: delivery unknown, reported as a timeout', async () => {
    const hanging = await startSmtpCapture({ hangAfterData: true });
    try {
      const { outcome, error } = await deliverAndClassify(hanging.port, 'none');
      expect(outcome).toBe('unknown');
      expect(error).toMatchObject({ code: 'mail_timeout', details: { stage: 'data' } });
    } finally {
      await hanging.stop();
    }
  });

  it('a server that keeps talking without ever finishing is stopped by the transaction deadline', async () => {
    const chatty = await fakeServer((socket) => {
      socket.write('220 fake ESMTP\r\n');
      socket.once('data', () => {
        const timer = setInterval(() => socket.write('250-still thinking\r\n'), 100);
        socket.on('close', () => clearInterval(timer));
      });
    });
    const started = Date.now();
    const { outcome, error } = await deliverAndClassify(chatty.port, 'none', { ...SMTP, totalMs: 1_200 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome).toBe('refused');
    expect(error).toMatchObject({ code: 'mail_timeout', details: { stage: 'login' } });
  });

  it('keeps a genuine TLS failure (a plain SMTP server on a TLS port) classified as TLS', async () => {
    const plain = await startSmtpCapture();
    try {
      const { error } = await deliverAndClassify(plain.port, 'tls');
      expect(error).toMatchObject({
        code: 'mail_tls_failed',
        userMessage: expect.stringMatching(/does not speak TLS on this port/),
      });
    } finally {
      await plain.stop();
    }
  });
});
