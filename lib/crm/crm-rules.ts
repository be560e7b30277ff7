import type { MailFolder } from '@/db/schema';
import { englishProblem, type Problem } from '../i18n/problem';

/** Set on every notification Mailroom sends itself, so its own mail never becomes CRM activity. */
export const MAILROOM_NOTIFICATION_HEADER = 'X-Mailroom-Notification';
/** The X-Mailer of Mailroom's own automatic mail (with Auto-Submitted other than "no"). */
export const MAILROOM_MAILER = 'Mailroom';

export const crmMismatchReasons = [
  'crm_disabled',
  'spam_or_trash',
  'mailroom_notification',
  'employee',
  'exception_list',
  'too_old',
] as const;
export type CrmMismatchReason = (typeof crmMismatchReasons)[number];

export type CrmRulesInput = {
  fromAddress: string | null;
  /** Default incoming. An outgoing message (Sent) is about its first recipient, who is then checked instead. */
  direction?: 'incoming' | 'outgoing';
  recipientAddress?: string | null;
  folderSpecialUse: MailFolder['specialUse'];
  receivedAt: Date;
  now: Date;
  windowDays: number;
  /** Lower-cased: the organization's users and its mailboxes. */
  employeeAddresses: ReadonlySet<string>;
  /** Lower-cased: whole addresses, and domains that also cover their subdomains. */
  exceptions: { addresses: ReadonlySet<string>; domains: readonly string[] };
  /** Header fields as stored with the body (lower-cased names). */
  headers: ReadonlyArray<readonly [string, string]>;
  crmEnabled: boolean;
};

export type CrmRulesResult = { match: true } | { match: false; reason: CrmMismatchReason; message: string };

const DAY_MS = 24 * 60 * 60 * 1000;

// An outgoing message is always sent by an employee; for these reasons what matters is who it went to, and the
// catalogue's sentence has its own case for them.
const outgoingReasons: ReadonlySet<CrmMismatchReason> = new Set(['employee', 'exception_list']);

/**
 * Why a message is refused, for people: `crm.rulesMismatch` in the `problems` catalogue chooses the sentence by
 * `reason` (one of crmMismatchReasons, or `employee_recipient` / `exception_list_recipient` for outgoing mail).
 */
export function crmMismatchProblem(
  reason: CrmMismatchReason,
  direction: 'incoming' | 'outgoing' = 'incoming',
): Problem {
  const worded = direction === 'outgoing' && outgoingReasons.has(reason) ? `${reason}_recipient` : reason;
  return { key: 'crm.rulesMismatch', values: { reason: worded } };
}

/** The sentence in English, e.g. "The e-mail doesn't match the CRM rules: it is in Spam or Trash." */
export function crmMismatchMessage(reason: CrmMismatchReason, direction: 'incoming' | 'outgoing' = 'incoming'): string {
  return englishProblem(crmMismatchProblem(reason, direction));
}

/** The domain of an address, lower-cased, or null. */
function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at > 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : null;
}

function isExcepted(address: string, exceptions: CrmRulesInput['exceptions']): boolean {
  const lower = address.toLowerCase();
  if (exceptions.addresses.has(lower)) return true;
  const domain = domainOf(lower);
  return domain !== null && exceptions.domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

function isMailroomNotification(headers: CrmRulesInput['headers']): boolean {
  const values = (name: string) =>
    headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value.trim());
  if (values(MAILROOM_NOTIFICATION_HEADER.toLowerCase()).length > 0) return true;
  const autoSubmitted = values('auto-submitted').some((v) => v.toLowerCase() !== 'no');
  const ourMailer = values('x-mailer').some(
    (v) =>
      v.toLowerCase() === MAILROOM_MAILER.toLowerCase() ||
      v.toLowerCase().startsWith(`${MAILROOM_MAILER.toLowerCase()} `),
  );
  return autoSubmitted && ourMailer;
}

/**
 * Whether a message may become CRM activity (SPEC §6). Pure: the caller gathers the organization's employees
 * and exception list. The first failing rule is the reason given.
 */
export function evaluateCrmRules(input: CrmRulesInput): CrmRulesResult {
  const direction = input.direction ?? 'incoming';
  const fail = (reason: CrmMismatchReason): CrmRulesResult => ({
    match: false,
    reason,
    message: crmMismatchMessage(reason, direction),
  });
  if (!input.crmEnabled) return fail('crm_disabled');
  if (input.folderSpecialUse === 'junk' || input.folderSpecialUse === 'trash') return fail('spam_or_trash');
  if (isMailroomNotification(input.headers)) return fail('mailroom_notification');
  // Outgoing mail is always sent by an employee: the rules look at the client it went to.
  const address = (direction === 'outgoing' ? input.recipientAddress : input.fromAddress)?.trim().toLowerCase() || null;
  if (address !== null && input.employeeAddresses.has(address)) return fail('employee');
  if (address !== null && isExcepted(address, input.exceptions)) return fail('exception_list');
  // The window counts from the date the message was received (SPEC §2), inclusive of its first instant.
  if (input.receivedAt.getTime() < input.now.getTime() - input.windowDays * DAY_MS) return fail('too_old');
  return { match: true };
}
