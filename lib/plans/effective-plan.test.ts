import { describe, expect, it } from 'vitest';
import { getEffectivePlan, importWindowStart, planAllowsSync, retentionCutoff } from './effective-plan';

const ends = new Date('2026-12-08T12:00:00Z');
const trial = { plan: 'trial', trialEndsAt: ends };

describe('effective plan', () => {
  it('is the trial until its last millisecond, then free', () => {
    expect(getEffectivePlan(trial, new Date(ends.getTime() - 1))).toMatchObject({
      planId: 'trial',
      effectivePlanId: 'trial',
      trialExpired: false,
      trialDaysLeft: 1,
    });
    expect(getEffectivePlan(trial, ends)).toMatchObject({
      planId: 'trial',
      effectivePlanId: 'free',
      trialExpired: true,
      trialDaysLeft: null,
    });
    expect(getEffectivePlan(trial, ends).limits.mailAvailable).toBe(false);
  });

  it('counts the days left in a trial, rounding up', () => {
    expect(getEffectivePlan(trial, new Date('2026-11-23T12:00:00Z')).trialDaysLeft).toBe(15);
    expect(getEffectivePlan(trial, new Date('2026-11-23T12:00:01Z')).trialDaysLeft).toBe(15);
    expect(getEffectivePlan(trial, new Date('2026-11-24T12:00:01Z')).trialDaysLeft).toBe(14);
  });

  it('ignores an old trial end on a paid plan, and treats an unknown plan as free', () => {
    expect(getEffectivePlan({ plan: 'standard', trialEndsAt: ends }, new Date('2027-06-01')).effectivePlanId).toBe(
      'standard',
    );
    expect(getEffectivePlan({ plan: 'gold', trialEndsAt: null }).effectivePlanId).toBe('free');
  });

  it('puts the import window and retention cut-off at the plan’s number of days before now', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    expect(importWindowStart({ plan: 'basic', trialEndsAt: null }, now)?.toISOString()).toBe(
      '2026-11-16T00:00:00.000Z',
    );
    expect(retentionCutoff({ plan: 'professional', trialEndsAt: null }, now)?.toISOString()).toBe(
      '2026-08-25T00:00:00.000Z',
    );
    expect(importWindowStart({ plan: 'free', trialEndsAt: null }, now)).toBeNull();
    expect(retentionCutoff(trial, ends)).toBeNull();
  });

  it.each([
    ['trial, active mailbox', trial, 'active', new Date('2026-12-01'), true],
    ['trial, disabled mailbox', trial, 'disabled', new Date('2026-12-01'), false],
    ['expired trial', trial, 'active', ends, false],
    ['free', { plan: 'free', trialEndsAt: null }, 'active', new Date(), false],
    ['basic', { plan: 'basic', trialEndsAt: null }, 'active', new Date(), true],
  ] as const)('lets a mailbox sync: %s → %s', (_label, org, status, now, allowed) => {
    expect(planAllowsSync(org, { status }, now)).toBe(allowed);
  });
});
