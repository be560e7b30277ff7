import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import type { AddressJson } from '@/db/schema';
import type { ProblemValues } from '../../i18n/problem';
import { fieldError } from '../../validation';
import { singleLine, truncate } from '../parse/strings';

/** A recipient as the compose window sends it: "Name <a@b.c>", "a@b.c", or already split. */
export type AddressInput = string | { name?: string | null; address: string };
export type Recipients = { to: AddressJson[]; cc: AddressJson[]; bcc: AddressJson[] };

export const MAX_RECIPIENTS = 100;
// RFC 5322 §2.1.1: a header line is at most 998 characters.
export const MAX_SUBJECT_LENGTH = 998;
const MAX_NAME_LENGTH = 200;
const MAX_FILENAME_LENGTH = 255;
const CONTROL = /[\u0000-\u001f\u007f]/;
const addressSchema = z.email().max(254);

const invalid = (field: string, key: string, values?: ProblemValues) => fieldError(field, { key, values });

/**
 * Names, subjects and file names end up in header lines: a CR or LF in them would start a header of the
 * sender's choosing. They are made single-line here (so a pasted line break is harmless), whatever the MIME
 * library does later.
 */
export function headerText(value: string, max = MAX_NAME_LENGTH): string {
  return truncate(singleLine(value).replace(/\s+/g, ' ').trim(), max);
}

export function normalizeSubject(subject: string): string {
  const line = singleLine(subject).trim();
  if (line.length > MAX_SUBJECT_LENGTH) throw invalid('subject', 'send.subjectTooLong', { max: MAX_SUBJECT_LENGTH });
  return line;
}

/** A file name safe for a Content-Disposition parameter and for the recipient's disk. */
export function safeFilename(name: string | null | undefined, fallback = 'attachment'): string {
  const cleaned = headerText(name ?? '', MAX_FILENAME_LENGTH)
    .replace(/[/\\]/g, '_')
    .replace(/^\.+/, '');
  return cleaned || fallback;
}

/**
 * One address, strictly: an address is not text to clean up, so a line break or any other control character
 * in it is refused rather than removed (removing could turn it into someone else's address).
 */
export function parseAddress(input: AddressInput, field: string): AddressJson {
  const raw = typeof input === 'string' ? input : input.address;
  const rawName = typeof input === 'string' ? '' : (input.name ?? '');
  if (CONTROL.test(raw)) throw invalid(field, 'send.addressControlCharacter', { field });
  let address = raw.trim();
  let name = rawName;
  if (typeof input === 'string') {
    const parsed = addressparser(raw, { flatten: true });
    if (parsed.length !== 1 || !parsed[0])
      throw invalid(field, 'send.notOneAddress', { input: truncate(raw, 80), field });
    address = parsed[0].address.trim();
    name = parsed[0].name;
  }
  if (!addressSchema.safeParse(address).success)
    throw invalid(field, 'send.addressInvalid', { input: truncate(address || raw, 80), field });
  return { name: headerText(name), address };
}

function parseList(list: AddressInput[] | undefined, field: string): AddressJson[] {
  const seen = new Set<string>();
  const result: AddressJson[] = [];
  for (const input of list ?? []) {
    const parsed = parseAddress(input, field);
    const key = parsed.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(parsed);
  }
  return result;
}

/** To, Cc and Bcc validated, each deduplicated; at most 100 in all, and at least one when sending. */
export function parseRecipients(
  input: { to?: AddressInput[]; cc?: AddressInput[]; bcc?: AddressInput[] },
  options: { requireOne: boolean },
): Recipients {
  const recipients = { to: parseList(input.to, 'to'), cc: parseList(input.cc, 'cc'), bcc: parseList(input.bcc, 'bcc') };
  const total = recipients.to.length + recipients.cc.length + recipients.bcc.length;
  if (total > MAX_RECIPIENTS) throw invalid('to', 'send.tooManyRecipients', { max: MAX_RECIPIENTS, count: total });
  if (options.requireOne && total === 0) throw invalid('to', 'send.noRecipients');
  return recipients;
}

/** Every distinct recipient address, for the SMTP envelope (Bcc included: that is how Bcc is delivered). */
export function envelopeRecipients(recipients: Recipients): string[] {
  const all = [...recipients.to, ...recipients.cc, ...recipients.bcc].map((r) => r.address);
  return [...new Map(all.map((a) => [a.toLowerCase(), a])).values()];
}

// A Message-ID as it appears in In-Reply-To/References: "<…>" without spaces or control characters.
const MESSAGE_ID = /^<[^<>\s\u0000-\u001f\u007f]{1,900}>$/;

export function isMessageId(value: string | null | undefined): value is string {
  return typeof value === 'string' && MESSAGE_ID.test(value);
}
