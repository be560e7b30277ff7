import { describe, expect, it } from 'vitest';
import { cliActor, systemActor } from '../access/actor';
import { AppError } from '../errors';
import { classifyMailError, connectionFailureFor, isMailServerFailure } from './errors';

const server = { kind: 'IMAP' as const, host: 'imap.example.test', port: 993 };

describe('mail error classification', () => {
  it.each([
    ['a refused login', Object.assign(new Error('Command failed'), { authenticationFailed: true }), 'mail_auth_failed'],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'mail_unreachable',
    ],
    [
      'an untrusted certificate',
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      'mail_tls_failed',
    ],
    [
      'a silent server',
      Object.assign(new Error('Failed to establish connection in required time'), { code: 'CONNECT_TIMEOUT' }),
      'mail_timeout',
    ],
    [
      'an SMTP 535',
      Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 }),
      'mail_auth_failed',
    ],
  ])('names %s', (_label, error, code) => {
    expect(classifyMailError(error, server)).toMatchObject({ code });
  });

  const imapError = (message: string, code: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(message), { code, ...extra });

  it.each([
    // imapflow
    [
      'a greeting timeout on a plain connection (whose text suggests TLS)',
      imapError('Failed to receive greeting from server in required time. Maybe should use TLS?', 'GREETING_TIMEOUT'),
      'greeting',
    ],
    [
      'a connect timeout (TCP, or TCP and TLS handshake)',
      imapError('Failed to establish connection in required time', 'CONNECT_TIMEOUT'),
      'connect',
    ],
    [
      'a STARTTLS upgrade timeout',
      imapError('Failed to upgrade connection in required time', 'UPGRADE_TIMEOUT'),
      'starttls',
    ],
    [
      'a command failed after a socket timeout',
      imapError('Connection not available', 'NoConnection', {
        command: 'FETCH',
        cause: imapError('Socket timeout', 'ETIMEOUT'),
      }),
      'command',
    ],
    // nodemailer
    ['an SMTP connect timeout', imapError('Connection timeout', 'ETIMEDOUT', { command: 'CONN' }), 'connect'],
    ['an SMTP greeting timeout', imapError('Greeting never received', 'ETIMEDOUT', { command: 'CONN' }), 'greeting'],
    // Node
    ['an operating-system connect timeout', imapError('connect ETIMEDOUT 192.0.2.1:993', 'ETIMEDOUT'), 'connect'],
  ])('reports %s as a timeout at its stage', (_label, error, stage) => {
    expect(classifyMailError(error, { ...server, port: 143, security: 'none' })).toMatchObject({
      code: 'mail_timeout',
      status: 504,
      details: { stage },
    });
  });

  it('names the server, the stage and the command in the message', () => {
    const socketTimeout = imapError('Connection not available', 'NoConnection', {
      command: 'UID FETCH',
      cause: imapError('Socket timeout', 'ETIMEOUT'),
    });
    expect(classifyMailError(socketTimeout, server).userMessage).toBe(
      'The IMAP server imap.example.test:993 stopped answering during UID FETCH: no reply in time. Try again later.',
    );
    const greeting = imapError(
      'Failed to receive greeting from server in required time. Maybe should use TLS?',
      'GREETING_TIMEOUT',
    );
    expect(classifyMailError(greeting, { ...server, port: 143, security: 'none' }).userMessage).toMatch(
      /^The IMAP server imap\.example\.test:143 accepted the connection but did not send its greeting in time\. If this port expects TLS/,
    );
    // Told by the caller when the error does not say (nodemailer's socket timeout is just "Timeout").
    expect(
      classifyMailError(imapError('Timeout', 'ETIMEDOUT', { command: 'CONN' }), {
        kind: 'SMTP',
        host: 'smtp.example.test',
        port: 587,
        stage: 'login',
      }),
    ).toMatchObject({
      details: { stage: 'login' },
      userMessage: expect.stringMatching(
        /^The SMTP server smtp\.example\.test:587 did not answer in time while logging in\./,
      ),
    });
  });

  it('keeps a connection lost for another reason unreachable, and a plain server on a TLS port a TLS failure', () => {
    expect(classifyMailError(imapError('Connection not available', 'NoConnection'), server)).toMatchObject({
      code: 'mail_unreachable',
    });
    const plainOnTls = imapError(
      'C0E7A6D1:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
      'ERR_SSL_WRONG_VERSION_NUMBER',
    );
    expect(classifyMailError(plainOnTls, server)).toMatchObject({
      code: 'mail_tls_failed',
      userMessage: expect.stringMatching(/does not speak TLS on this port/),
    });
  });

  it('does not blame the mail server for a database error during a sync', () => {
    const database = Object.assign(new Error('Failed query: insert into messages'), {
      query: 'insert into messages',
      cause: Object.assign(new Error('deadlock'), { severity: 'ERROR', code: '40P01' }),
    });
    expect(isMailServerFailure(database)).toBe(false);
    expect(isMailServerFailure(Object.assign(new Error('socket closed'), { code: 'ECONNRESET' }))).toBe(true);
  });
});

describe('what an actor is told about a connection failure', () => {
  const employee = {
    kind: 'user' as const,
    userId: '00000000-0000-4000-8000-000000000001',
    orgId: '00000000-0000-4000-8000-000000000002',
    role: 'employee' as const,
  };
  const admin = { ...employee, role: 'admin' as const };
  const failures = [
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }),
    Object.assign(new Error('Failed to establish connection in required time'), { code: 'CONNECT_TIMEOUT' }),
    Object.assign(new Error('Failed to receive greeting from server in required time'), { code: 'GREETING_TIMEOUT' }),
    new Error('* BYE not an IMAP server'),
  ].map((error) => classifyMailError(error, server));

  it('gives an employee one message and one status for every way of failing to connect', () => {
    expect(new Set(failures.map((f) => f.code)).size).toBeGreaterThan(3);
    for (const failure of failures) {
      const shown = connectionFailureFor(failure, server, employee);
      expect(shown).toMatchObject({
        code: 'mail_unreachable',
        status: 502,
        userMessage:
          'Could not connect securely to imap.example.test:993. Check the IMAP server name, port and security setting.',
        details: undefined,
      });
      // Logs keep why.
      expect((shown as Error).message).toBe(failure.message);
    }
  });

  it('keeps the detail for admins, the CLI and system jobs, and a refused password or host for everyone', () => {
    for (const actor of [admin, cliActor, systemActor, undefined]) {
      for (const failure of failures) expect(connectionFailureFor(failure, server, actor)).toBe(failure);
    }
    const auth = classifyMailError(
      Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 }),
      server,
    );
    expect(connectionFailureFor(auth, server, employee)).toBe(auth);
    const refusedHost = new AppError('validation', {
      userMessage: '10.0.0.1 is not allowed: it is an internal address.',
    });
    expect(connectionFailureFor(refusedHost, server, employee)).toBe(refusedHost);
  });
});
