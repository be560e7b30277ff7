import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type InvitationFixture = 'google-request' | 'google-update' | 'google-cancel' | 'outlook-request';

// Read from vitest and from Playwright specs alike (ESM both: no __dirname).
const DIR = fileURLToPath(new URL('./fixtures/invitations/', import.meta.url));

/**
 * A synthetic invitation message (test/fixtures/invitations/README.md) addressed to `reader`. The template's
 * {{READER}} is replaced in the clear parts and inside base64 bodies (Outlook encodes its calendar so).
 */
export function invitationFixture(name: InvitationFixture, reader: string): Buffer {
  const template = readFileSync(path.join(DIR, `${name}.eml`), 'utf8');
  const withBase64 = template.replace(
    /(Content-Transfer-Encoding: base64\n\n)([A-Za-z0-9+/=\n]+?)(\n--)/g,
    (_all, head: string, body: string, tail: string) => {
      const decoded = Buffer.from(body.replace(/\n/g, ''), 'base64').toString('utf8');
      const encoded = Buffer.from(decoded.replaceAll('{{READER}}', reader), 'utf8').toString('base64');
      return head + (encoded.match(/.{1,76}/g) ?? []).join('\n') + tail;
    },
  );
  return Buffer.from(withBase64.replaceAll('{{READER}}', reader).replace(/\r?\n/g, '\r\n'));
}

/** The calendar text of a fixture's first text/calendar part, decoded (for parser tests without a server). */
export function invitationCalendarText(name: InvitationFixture, reader: string): string {
  const raw = invitationFixture(name, reader).toString('utf8');
  const part = /Content-Type: text\/calendar[^\r]*\r\nContent-Transfer-Encoding: (\S+)\r\n\r\n([\s\S]*?)\r\n--/.exec(
    raw,
  );
  if (!part) throw new Error(`${name} has no text/calendar part`);
  return part[1] === 'base64' ? Buffer.from(part[2]!.replace(/\r\n/g, ''), 'base64').toString('utf8') : part[2]!;
}
