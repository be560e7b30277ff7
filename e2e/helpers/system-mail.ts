import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * The mail the app server sent through SYSTEM_SMTP_URL: scripts/test.ts runs an SMTP capture that writes
 * each message to E2E_SYSTEM_MAIL_DIR, with its envelope recipients in a first X-Envelope-To line.
 */
export async function systemMailsTo(address: string, kind: string): Promise<ParsedMail[]> {
  const dir = process.env.E2E_SYSTEM_MAIL_DIR;
  if (!dir) throw new Error('E2E_SYSTEM_MAIL_DIR is not set: run the specs through `npm test`');
  const mails: ParsedMail[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()) {
    const raw = readFileSync(path.join(dir, name));
    const firstLine = raw.subarray(0, raw.indexOf('\r\n')).toString();
    if (
      !firstLine
        .replace(/^X-Envelope-To: /, '')
        .split(', ')
        .includes(address)
    )
      continue;
    const mail = await simpleParser(raw);
    if (mail.headers.get('x-mailroom-notification') === kind) mails.push(mail);
  }
  return mails;
}

/** Waits for the count-th mail of this kind to the address (1 = the first) and returns it. */
export async function waitForSystemMail(address: string, kind: string, count = 1): Promise<ParsedMail> {
  await expect
    .poll(async () => (await systemMailsTo(address, kind)).length, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
  return (await systemMailsTo(address, kind))[count - 1]!;
}

/** The one-time link in a mail, as a path to open against the test server. */
export function setPasswordPathIn(mail: ParsedMail): string {
  const match = /https?:\/\/[^\s/]+(\/set-password\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!match) throw new Error(`No set-password link in: ${mail.text}`);
  return match[1]!;
}
