import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, vi } from 'vitest';
import { closeDb } from '@/db/client';
import { startSmtpCapture, type CapturedMessage, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';

/**
 * An SMTP capture standing in for the operator's relay (SYSTEM_SMTP_URL) for the calling test file. Each test
 * sends to addresses of its own, so it waits for a message to its address rather than counting all of them.
 */
export function useSystemMailCapture(): { smtp: SmtpCapture; url: () => string } {
  const servers = {} as { smtp: SmtpCapture };
  beforeAll(async () => {
    servers.smtp = await startSmtpCapture();
    vi.stubEnv('SYSTEM_SMTP_URL', `smtp://127.0.0.1:${servers.smtp.port}`);
    vi.stubEnv('SYSTEM_MAIL_FROM', 'Mailroom <mailroom@mailroom.test>');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([servers.smtp?.stop(), closeDb()]);
  });
  return {
    get smtp() {
      return servers.smtp;
    },
    url: () => `smtp://127.0.0.1:${servers.smtp.port}`,
  };
}

export const sentTo = (address: string) => (message: CapturedMessage) => message.envelope.to.includes(address);

export async function parsed(message: CapturedMessage): Promise<ParsedMail> {
  return simpleParser(message.raw);
}

/** The first link to a page of Mailroom in a mail's text. */
export function linkIn(mail: ParsedMail): URL {
  const match = /https?:\/\/\S+\/set-password\/[A-Za-z0-9_-]+/.exec(mail.text ?? '');
  if (!match) throw new Error(`No set-password link in: ${mail.text}`);
  return new URL(match[0]);
}
