import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture';

let open: SmtpCapture;
let authenticated: SmtpCapture;

beforeAll(async () => {
  [open, authenticated] = await Promise.all([
    startSmtpCapture(),
    startSmtpCapture({ users: { 'sender@example.test': 'smtp-secret' } }),
  ]);
});

afterAll(async () => {
  await Promise.all([open?.stop(), authenticated?.stop()]);
});

function transport(capture: SmtpCapture, auth?: { user: string; pass: string }) {
  return nodemailer.createTransport({ host: capture.host, port: capture.port, secure: false, ignoreTLS: true, auth });
}

describe('startSmtpCapture', () => {
  it('captures mail without authentication', async () => {
    await transport(open).sendMail({
      from: 'Alice <alice@example.test>',
      to: ['bob@example.test', 'carol@example.test'],
      bcc: 'dave@example.test',
      subject: 'Unauthenticated hello',
      text: 'Hi!',
    });
    const message = await open.waitForMessage((m) => m.raw.includes('Subject: Unauthenticated hello'));
    expect(message.envelope).toEqual({
      from: 'alice@example.test',
      to: ['bob@example.test', 'carol@example.test', 'dave@example.test'],
    });
    expect(message.raw.toString()).not.toMatch(/^Bcc:/m);
  });

  it('checks AUTH credentials when users are configured', async () => {
    const auth = { user: 'sender@example.test', pass: 'smtp-secret' };
    await transport(authenticated, auth).sendMail({
      envelope: { from: 'bounces@example.test', to: ['rcpt@example.test'] },
      from: 'sender@example.test',
      to: 'someone-else@example.test',
      subject: 'Authenticated hello',
      text: 'Hi again',
    });
    const message = await authenticated.waitForMessage((m) => m.raw.includes('Authenticated hello'));
    expect(message.envelope).toEqual({ from: 'bounces@example.test', to: ['rcpt@example.test'] });
    expect(message.user).toBe('sender@example.test');
  });

  it('refuses a wrong password with 535 and unauthenticated senders', async () => {
    const mail = { from: 'sender@example.test', to: 'x@example.test', subject: 'Nope', text: '' };
    await expect(
      transport(authenticated, { user: 'sender@example.test', pass: 'wrong' }).sendMail(mail),
    ).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    await expect(transport(authenticated).sendMail(mail)).rejects.toMatchObject({ responseCode: 530 });
  });

  it('waitForMessage times out with a description of what was captured', async () => {
    await expect(open.waitForMessage((m) => m.envelope.from === 'never@example.test', 100)).rejects.toThrow(
      /No matching SMTP message within 100 ms \(captured: .*@example\.test → /,
    );
  });

  it('waitForMessage resolves for a message that arrives later', async () => {
    const waiting = open.waitForMessage((m) => m.envelope.to.includes('late@example.test'));
    await transport(open).sendMail({ from: 'a@example.test', to: 'late@example.test', subject: 'Late', text: '.' });
    expect((await waiting).raw.toString()).toContain('Subject: Late');
  });
});
