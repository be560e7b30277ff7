import { renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface CapturedMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  receivedAt: Date;
  /** The SMTP AUTH username, when the client authenticated. */
  user?: string;
}

export interface SmtpCapture {
  host: '127.0.0.1';
  port: number;
  messages: CapturedMessage[];
  waitForMessage(predicate?: (message: CapturedMessage) => boolean, timeoutMs?: number): Promise<CapturedMessage>;
  stop(): Promise<void>;
}

export interface StartSmtpCaptureOptions {
  port?: number;
  /** username → password. When given, AUTH PLAIN/LOGIN is required and checked; otherwise any AUTH is accepted. */
  users?: Record<string, string>;
  /** Advertised SIZE limit in bytes; larger messages get 552. */
  maxSize?: number;
  /** Capture each message but never answer its DATA: a server that dies before confirming (cut it with a TCP proxy). */
  hangAfterData?: boolean;
  /**
   * Also write each message to this directory as <n>.eml (RFC 822, the envelope recipients in a first
   * `X-Envelope-To:` line), for readers in another process: Playwright specs read what the app server sent.
   */
  spoolDir?: string;
}

const HOST = '127.0.0.1';
const DEFAULT_MAX_SIZE = 30 * 1024 * 1024;

export async function startSmtpCapture(options: StartSmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const { users } = options;
  const messages: CapturedMessage[] = [];
  const waiters = new Set<(message: CapturedMessage) => void>();

  const server = new SMTPServer({
    name: 'smtp-capture.mailroom.test',
    logger: false,
    disabledCommands: ['STARTTLS'],
    // Plain-text AUTH is refused without TLS unless explicitly allowed; this server never offers TLS.
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: users === undefined,
    disableReverseLookup: true,
    size: options.maxSize ?? DEFAULT_MAX_SIZE,
    // Without this, stop() waits 30 s for clients that keep their connection open (e.g. pooled transports).
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      if (users === undefined) return callback(null, { user: auth.username });
      const expected = auth.username !== undefined ? users[auth.username] : undefined;
      if (expected !== undefined && auth.password === expected) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', (error) => callback(error));
      stream.once('end', () => {
        if (stream.sizeExceeded) {
          return callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
        }
        const message: CapturedMessage = {
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          },
          raw: Buffer.concat(chunks),
          receivedAt: new Date(),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        };
        messages.push(message);
        if (options.spoolDir) {
          const envelope = Buffer.from(`X-Envelope-To: ${message.envelope.to.join(', ')}\r\n`);
          const file = path.join(options.spoolDir, `${String(messages.length).padStart(6, '0')}.eml`);
          // Renamed into place, so a reader never sees half a message.
          writeFileSync(`${file}.part`, Buffer.concat([envelope, message.raw]));
          renameSync(`${file}.part`, file);
        }
        waiters.forEach((notify) => notify(message));
        if (options.hangAfterData) return;
        callback(null, 'Message captured');
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    messages,
    waitForMessage(predicate = () => true, timeoutMs = 5_000) {
      const existing = messages.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const check = (message: CapturedMessage) => {
          if (!predicate(message)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(message);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `${m.envelope.from} → ${m.envelope.to.join(', ')}`).join('; ') || 'none';
          reject(new Error(`No matching SMTP message within ${timeoutMs} ms (captured: ${seen})`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    stop: () => (stopping ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}
