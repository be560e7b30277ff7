import { describe, expect, it } from 'vitest';
import { crmMismatchMessage, evaluateCrmRules, MAILROOM_NOTIFICATION_HEADER, type CrmRulesInput } from './crm-rules';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-10-01T12:00:00Z');

const input = (overrides: Partial<CrmRulesInput> = {}): CrmRulesInput => ({
  fromAddress: 'Ada@Client.test',
  folderSpecialUse: 'inbox',
  receivedAt: new Date(now.getTime() - DAY),
  now,
  windowDays: 7,
  employeeAddresses: new Set(['bob@ourco.test', 'sales@ourco.test']),
  exceptions: { addresses: new Set(['noreply@vendor.test']), domains: ['partner.test'] },
  headers: [],
  crmEnabled: true,
  ...overrides,
});

const reasonOf = (overrides: Partial<CrmRulesInput>) => {
  const result = evaluateCrmRules(input(overrides));
  return result.match ? 'match' : result.reason;
};

describe('evaluateCrmRules', () => {
  it('matches an ordinary incoming message from a client', () => {
    expect(evaluateCrmRules(input())).toEqual({ match: true });
  });

  it.each<[string, Partial<CrmRulesInput>, string]>([
    ['CRM off for the mailbox', { crmEnabled: false }, 'crm_disabled'],
    ['in Junk', { folderSpecialUse: 'junk' }, 'spam_or_trash'],
    ['in Trash', { folderSpecialUse: 'trash' }, 'spam_or_trash'],
    ['in Archive', { folderSpecialUse: 'archive' }, 'match'],
    ['in a folder without special use', { folderSpecialUse: null }, 'match'],
    ['sent by an employee', { fromAddress: 'bob@ourco.test' }, 'employee'],
    ['sent by an employee, address in another case', { fromAddress: ' BOB@OurCo.test ' }, 'employee'],
    ['sent by the address of an org mailbox', { fromAddress: 'Sales@ourco.test' }, 'employee'],
    ['another address of the employees’ domain is no employee', { fromAddress: 'someone@ourco.test' }, 'match'],
    ['an excepted address', { fromAddress: 'NoReply@Vendor.test' }, 'exception_list'],
    ['another address at the excepted address’s domain', { fromAddress: 'sales@vendor.test' }, 'match'],
    ['an excepted domain', { fromAddress: 'anyone@partner.test' }, 'exception_list'],
    ['a subdomain of an excepted domain', { fromAddress: 'x@mail.eu.PARTNER.test' }, 'exception_list'],
    ['a domain that only ends with the excepted one', { fromAddress: 'x@notpartner.test' }, 'match'],
    ['a domain that contains the excepted one', { fromAddress: 'x@partner.test.evil' }, 'match'],
    [
      'our own notification header',
      { headers: [[MAILROOM_NOTIFICATION_HEADER.toLowerCase(), 'mention']] },
      'mailroom_notification',
    ],
    [
      'auto-submitted by Mailroom',
      {
        headers: [
          ['auto-submitted', 'auto-generated'],
          ['x-mailer', 'Mailroom'],
        ],
      },
      'mailroom_notification',
    ],
    [
      'auto-submitted by someone else',
      {
        headers: [
          ['auto-submitted', 'auto-replied'],
          ['x-mailer', 'Outlook'],
        ],
      },
      'match',
    ],
    [
      'Mailroom as the mailer of a person’s message',
      {
        headers: [
          ['auto-submitted', 'no'],
          ['x-mailer', 'Mailroom'],
        ],
      },
      'match',
    ],
    ['Mailroom as the mailer, no Auto-Submitted', { headers: [['x-mailer', 'Mailroom']] }, 'match'],
    ['no sender address', { fromAddress: null }, 'match'],
  ])('%s → %s', (_name, overrides, expected) => {
    expect(reasonOf(overrides)).toBe(expected);
  });

  it('counts the window from the received date, its first instant included', () => {
    expect(reasonOf({ receivedAt: new Date(now.getTime() - 7 * DAY) })).toBe('match');
    expect(reasonOf({ receivedAt: new Date(now.getTime() - 7 * DAY - 1) })).toBe('too_old');
    expect(reasonOf({ receivedAt: new Date(now.getTime() - 29 * DAY), windowDays: 30 })).toBe('match');
    expect(reasonOf({ receivedAt: new Date(now.getTime() + DAY) })).toBe('match');
    expect(reasonOf({ receivedAt: new Date(now.getTime() - DAY - 1), windowDays: 1 })).toBe('too_old');
  });

  it('reports the first failing rule', () => {
    expect(reasonOf({ crmEnabled: false, folderSpecialUse: 'junk' })).toBe('crm_disabled');
    expect(reasonOf({ folderSpecialUse: 'trash', fromAddress: 'bob@ourco.test' })).toBe('spam_or_trash');
    expect(reasonOf({ fromAddress: 'bob@ourco.test', receivedAt: new Date(0) })).toBe('employee');
  });

  it('looks at the recipient of an outgoing message, not at its employee sender', () => {
    const outgoing = { direction: 'outgoing' as const, fromAddress: 'bob@ourco.test' };
    expect(reasonOf({ ...outgoing, recipientAddress: 'ada@client.test' })).toBe('match');
    expect(reasonOf({ ...outgoing, recipientAddress: 'x@sub.partner.test' })).toBe('exception_list');
    expect(reasonOf({ ...outgoing, recipientAddress: 'SALES@ourco.test' })).toBe('employee');
    const result = evaluateCrmRules(input({ ...outgoing, recipientAddress: 'sales@ourco.test' }));
    expect(result).toMatchObject({
      match: false,
      message: "The e-mail doesn't match the CRM rules: it was sent to an employee of your organization.",
    });
  });

  it('says why in a sentence people can read', () => {
    expect(evaluateCrmRules(input({ fromAddress: 'bob@ourco.test' }))).toEqual({
      match: false,
      reason: 'employee',
      message: "The e-mail doesn't match the CRM rules: it was sent by an employee of your organization.",
    });
    expect(crmMismatchMessage('too_old')).toBe(
      "The e-mail doesn't match the CRM rules: it is older than the CRM processing window of this mailbox.",
    );
  });
});
