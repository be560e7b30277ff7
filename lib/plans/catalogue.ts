// SPEC.md §2, as data. Every limit in Mailroom comes from here; `null` means unlimited / not applicable.
export type PlanLimits = {
  /** false on the free plan: mail is not available at all. */
  mailAvailable: boolean;
  mailboxesPerEmployee: number;
  sharedMailboxes: number | null;
  retentionDays: number | null;
  importWindowDays: number | null;
  outgoingPerMonth: number;
  maxOutgoingAttachmentBytes: number;
};

export const TRIAL_DAYS = 15;
// 14.3 MB on every plan (SPEC §2), decimal megabytes as providers count them.
export const MAX_OUTGOING_ATTACHMENT_BYTES = 14_300_000;
// Larger incoming messages are imported as headers only.
export const MAX_INCOMING_MESSAGE_BYTES = 25 * 1024 * 1024;

const paid = (
  mailboxesPerEmployee: number,
  days: number,
  outgoingPerMonth: number,
  sharedMailboxes: number | null = null,
): PlanLimits => ({
  mailAvailable: true,
  mailboxesPerEmployee,
  sharedMailboxes,
  retentionDays: days,
  importWindowDays: days,
  outgoingPerMonth,
  maxOutgoingAttachmentBytes: MAX_OUTGOING_ATTACHMENT_BYTES,
});

const enterpriseSizes = [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000] as const;

export const planCatalogue = {
  free: {
    mailAvailable: false,
    mailboxesPerEmployee: 0,
    sharedMailboxes: 0,
    retentionDays: null,
    importWindowDays: null,
    outgoingPerMonth: 0,
    maxOutgoingAttachmentBytes: MAX_OUTGOING_ATTACHMENT_BYTES,
  },
  // The seeds publish no outgoing figure for the trial; 10,000 is our choice (SPEC §2).
  trial: paid(10, 30, 10_000, 3),
  basic: paid(1, 7, 10_000),
  standard: paid(5, 30, 50_000),
  professional: paid(10, 90, 100_000),
  'enterprise-250': paid(10, 90, 250_000),
  'enterprise-500': paid(11, 90, 500_000),
  ...(Object.fromEntries(
    enterpriseSizes.map((size) => [`enterprise-${size}`, paid(12, 90, 1_000_000 * (size / 1000))]),
  ) as Record<`enterprise-${(typeof enterpriseSizes)[number]}`, PlanLimits>),
} satisfies Record<string, PlanLimits>;

export type PlanId = keyof typeof planCatalogue;
export const planIds = Object.keys(planCatalogue) as PlanId[];

export function isPlanId(value: string): value is PlanId {
  return Object.hasOwn(planCatalogue, value);
}

export function trialEndsAt(from: Date): Date {
  return new Date(from.getTime() + TRIAL_DAYS * 24 * 60 * 60 * 1000);
}
