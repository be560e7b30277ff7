import { describe, expect, it } from 'vitest';
import { classifyMailError, isMailServerFailure } from './errors';

const server = { kind: 'IMAP' as const, host: 'imap.example.test', port: 993 };

describe('mail error classification', () => {
  it.each([
    ['a refused login', Object.assign(new Error('Command failed'), { authenticationFailed: true }), 'mail_auth_failed'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'mail_unreachable'],
    ['an untrusted certificate', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'mail_tls_failed'],
    ['a silent server', Object.assign(new Error('Failed to establish connection in required time'), { code: 'CONNECT_TIMEOUT' }), 'mail_timeout'],
    ['an SMTP 535', Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 }), 'mail_auth_failed'],
  ])('names %s', (_label, error, code) => {
    expect(classifyMailError(error, server)).toMatchObject({ code });
  });

  it('does not blame the mail server for a database error during a sync', () => {
    const database = Object.assign(new Error('Failed query: insert into messages'), { query: 'insert into messages', cause: Object.assign(new Error('deadlock'), { severity: 'ERROR', code: '40P01' }) });
    expect(isMailServerFailure(database)).toBe(false);
    expect(isMailServerFailure(Object.assign(new Error('socket closed'), { code: 'ECONNRESET' }))).toBe(true);
  });
});
