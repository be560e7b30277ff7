import { describe, expect, it } from 'vitest';
import { isPlanId, planCatalogue, planIds, trialEndsAt } from './catalogue';

// SPEC.md §2, row by row: [plan, mailboxes per employee, shared mailboxes (null = unlimited),
// retention days, import window days, outgoing per month].
const spec: Array<[string, number, number | null, number | null, number | null, number]> = [
  ['free', 0, 0, null, null, 0],
  ['trial', 10, 3, 30, 30, 10_000],
  ['basic', 1, null, 7, 7, 10_000],
  ['standard', 5, null, 30, 30, 50_000],
  ['professional', 10, null, 90, 90, 100_000],
  ['enterprise-250', 10, null, 90, 90, 250_000],
  ['enterprise-500', 11, null, 90, 90, 500_000],
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k): [string, number, number | null, number | null, number | null, number] => [
    `enterprise-${k * 1000}`,
    12,
    null,
    90,
    90,
    k * 1_000_000,
  ]),
];

describe('plan catalogue', () => {
  it.each(spec)('%s matches SPEC.md §2', (plan, mailboxes, shared, retention, importWindow, outgoing) => {
    expect(isPlanId(plan)).toBe(true);
    const limits = planCatalogue[plan as keyof typeof planCatalogue];
    expect(limits).toMatchObject({
      mailAvailable: plan !== 'free',
      mailboxesPerEmployee: mailboxes,
      sharedMailboxes: shared,
      retentionDays: retention,
      importWindowDays: importWindow,
      outgoingPerMonth: outgoing,
      maxOutgoingAttachmentBytes: 14_300_000,
    });
  });

  it('has exactly the plans of the spec', () => {
    expect([...planIds].sort()).toEqual(spec.map(([plan]) => plan).sort());
    expect(isPlanId('enterprise-1500')).toBe(false);
    expect(isPlanId('toString')).toBe(false);
  });

  it('ends a trial 15 days after it starts', () => {
    expect(trialEndsAt(new Date('2026-01-30T10:00:00Z')).toISOString()).toBe('2026-02-14T10:00:00.000Z');
  });
});
