import { describe, expect, it } from 'vitest';
import { DAILY_MS, decideSync, EVERY_10_MINUTES_MS, ONLINE_WINDOW_MS, type SyncPolicyInput } from './sync-policy';

const now = new Date('2026-11-23T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MINUTE = 60 * 1000;

type Overrides = {
  org?: Partial<SyncPolicyInput['org']>;
  mailbox?: Partial<SyncPolicyInput['mailbox']>;
  accessUserIds?: string[];
  online?: string[];
};

// A basic-plan mailbox owned by "owner", shared with "grantee", last synced a minute ago; "colleague" has no access.
function input(overrides: Overrides = {}): SyncPolicyInput {
  return {
    now,
    org: { plan: 'basic', trialEndsAt: null, ...overrides.org },
    mailbox: {
      status: 'active',
      ownerUserId: 'owner',
      crmRouteToManager: false,
      lastSyncAt: ago(MINUTE),
      syncRequestedAt: null,
      ...overrides.mailbox,
    },
    accessUserIds: overrides.accessUserIds ?? ['grantee'],
    onlineUserIds: new Set(overrides.online ?? []),
  };
}

const pressed = { syncRequestedAt: ago(MINUTE / 2) };

describe('sync policy: the SPEC §4 table', () => {
  it.each<[string, Overrides, string, string]>([
    ['the user presses Sync', { mailbox: pressed, online: ['owner'] }, 'now', 'sync-requested'],
    ['a user opens the mailbox in Webmail', { mailbox: pressed, online: ['grantee'] }, 'now', 'sync-requested'],
    ['the owner is online', { online: ['owner'] }, 'every-10-minutes', 'owner-or-grantee-online'],
    [
      'a user with access is online',
      { online: ['grantee', 'colleague'] },
      'every-10-minutes',
      'owner-or-grantee-online',
    ],
    [
      'a user with access is online (mailbox without owner)',
      { mailbox: { ownerUserId: null }, online: ['grantee'] },
      'every-10-minutes',
      'owner-or-grantee-online',
    ],
    [
      'the mailbox routes clients to their CRM manager and any user of the organization is online',
      { mailbox: { crmRouteToManager: true }, online: ['colleague'] },
      'every-10-minutes',
      'crm-routing-and-org-online',
    ],
    ['otherwise, some user of the organization is online', { online: ['colleague'] }, 'daily', 'org-online'],
    ['nobody of the organization is online', {}, 'never', 'nobody-online'],
    [
      'nobody of the organization is online (CRM routing on)',
      { mailbox: { crmRouteToManager: true } },
      'never',
      'nobody-online',
    ],
    ['plan is free', { org: { plan: 'free' }, online: ['owner'] }, 'never', 'plan-without-mail'],
    [
      'plan is free (even when Sync is pressed)',
      { org: { plan: 'free' }, mailbox: pressed, online: ['owner'] },
      'never',
      'plan-without-mail',
    ],
    ['trial expired', { org: { plan: 'trial', trialEndsAt: ago(1) }, online: ['owner'] }, 'never', 'trial-expired'],
    [
      'trial expired (even when Sync is pressed)',
      { org: { plan: 'trial', trialEndsAt: ago(1) }, mailbox: pressed },
      'never',
      'trial-expired',
    ],
    ['mailbox disabled', { mailbox: { status: 'disabled' }, online: ['owner'] }, 'never', 'mailbox-disabled'],
    [
      'mailbox disabled (even when Sync is pressed)',
      { mailbox: { status: 'disabled', ...pressed }, online: ['owner'] },
      'never',
      'mailbox-disabled',
    ],
  ])('%s → %s', (_row, overrides, cadence, reason) => {
    expect(decideSync(input(overrides))).toMatchObject({ cadence, reason });
  });

  it('syncs a requested mailbox now even when nobody else is online', () => {
    expect(decideSync(input({ mailbox: pressed }))).toEqual({
      due: true,
      cadence: 'now',
      reason: 'sync-requested',
      nextAt: now,
    });
  });

  it('never schedules a mailbox that may not sync', () => {
    expect(decideSync(input({ mailbox: { status: 'disabled', lastSyncAt: null }, online: ['owner'] }))).toEqual({
      due: false,
      cadence: 'never',
      reason: 'mailbox-disabled',
      nextAt: null,
    });
  });
});

describe('sync policy: boundaries', () => {
  it('is due every 10 minutes exactly, not 1 ms before', () => {
    expect(decideSync(input({ mailbox: { lastSyncAt: ago(EVERY_10_MINUTES_MS) }, online: ['owner'] }))).toEqual({
      due: true,
      cadence: 'every-10-minutes',
      reason: 'owner-or-grantee-online',
      nextAt: now,
    });
    const early = decideSync(input({ mailbox: { lastSyncAt: ago(EVERY_10_MINUTES_MS - 1) }, online: ['owner'] }));
    expect(early).toMatchObject({ due: false, cadence: 'every-10-minutes' });
    expect(early.nextAt?.getTime()).toBe(now.getTime() + 1);
  });

  it('is due once a day exactly, not 1 ms before', () => {
    expect(decideSync(input({ mailbox: { lastSyncAt: ago(DAILY_MS) }, online: ['colleague'] }))).toMatchObject({
      due: true,
      cadence: 'daily',
      nextAt: now,
    });
    const early = decideSync(input({ mailbox: { lastSyncAt: ago(DAILY_MS - 1) }, online: ['colleague'] }));
    expect(early).toMatchObject({ due: false, cadence: 'daily' });
    expect(early.nextAt?.getTime()).toBe(now.getTime() + 1);
    expect(decideSync(input({ mailbox: { lastSyncAt: ago(EVERY_10_MINUTES_MS) }, online: ['colleague'] })).due).toBe(
      false,
    );
  });

  it('is due at once for a mailbox never synced', () => {
    expect(decideSync(input({ mailbox: { lastSyncAt: null }, online: ['colleague'] }))).toMatchObject({
      due: true,
      cadence: 'daily',
      nextAt: now,
    });
  });

  it('ends the trial at its last millisecond', () => {
    const trial = (trialEndsAt: Date) => input({ org: { plan: 'trial', trialEndsAt }, online: ['owner'] });
    expect(decideSync(trial(new Date(now.getTime() + 1))).cadence).toBe('every-10-minutes');
    expect(decideSync(trial(now))).toMatchObject({ cadence: 'never', reason: 'trial-expired' });
  });

  it('treats a request as pending only while it is newer than the last sync', () => {
    const lastSyncAt = ago(MINUTE);
    const requested = (syncRequestedAt: Date, lastSync: Date | null = lastSyncAt) =>
      decideSync(input({ mailbox: { lastSyncAt: lastSync, syncRequestedAt }, online: ['colleague'] }));
    expect(requested(ago(2 * MINUTE))).toMatchObject({ cadence: 'daily', due: false });
    expect(requested(lastSyncAt)).toMatchObject({ cadence: 'daily', due: false });
    expect(requested(new Date(lastSyncAt.getTime() + 1))).toMatchObject({ cadence: 'now', due: true });
    expect(requested(ago(DAILY_MS * 7), null)).toMatchObject({ cadence: 'now', due: true });
  });

  it('defines online as a heartbeat within 2 minutes', () => {
    expect(ONLINE_WINDOW_MS).toBe(2 * MINUTE);
  });
});
