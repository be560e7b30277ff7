import { getEffectivePlan, planAllowsSync } from '../../plans/effective-plan';

// SPEC §4 as one pure decision: the scheduler gathers the facts, this says whether a mailbox syncs now.

/** "Online": a visible tab sent a heartbeat no longer ago than this (SPEC §4). */
export const ONLINE_WINDOW_MS = 2 * 60 * 1000;
export const EVERY_10_MINUTES_MS = 10 * 60 * 1000;
export const DAILY_MS = 24 * 60 * 60 * 1000;

export type SyncCadence = 'now' | 'every-10-minutes' | 'daily' | 'never';

export const SYNC_INTERVALS_MS = {
  'every-10-minutes': EVERY_10_MINUTES_MS,
  daily: DAILY_MS,
} as const satisfies Record<Exclude<SyncCadence, 'now' | 'never'>, number>;

/** Stable codes, one per SPEC §4 row, so logs and the UI can say why a mailbox does (not) sync. */
export type SyncReason =
  | 'plan-without-mail'
  | 'trial-expired'
  | 'mailbox-disabled'
  | 'sync-requested'
  | 'owner-or-grantee-online'
  | 'crm-routing-and-org-online'
  | 'org-online'
  | 'nobody-online';

export type SyncPolicyInput = {
  now: Date;
  org: { plan: string; trialEndsAt: Date | null };
  mailbox: {
    status: 'active' | 'disabled';
    ownerUserId: string | null;
    crmRouteToManager: boolean;
    lastSyncAt: Date | null;
    /** The Sync button, or a user opening the mailbox in Webmail. */
    syncRequestedAt: Date | null;
  };
  /** Users with a grant on the mailbox. */
  accessUserIds: readonly string[];
  /** Users of the mailbox's organization who are online now (see ONLINE_WINDOW_MS). */
  onlineUserIds: ReadonlySet<string>;
};

export type SyncDecision = {
  due: boolean;
  cadence: SyncCadence;
  reason: SyncReason;
  /** When the mailbox should sync next: `now` when due, null when it never will under these facts. */
  nextAt: Date | null;
};

/** The SPEC §4 table, first matching row wins; the plan/mailbox row is checked first because it vetoes all. */
export function decideSync(input: SyncPolicyInput): SyncDecision {
  const { now, org, mailbox } = input;

  if (!planAllowsSync(org, mailbox, now)) {
    const plan = getEffectivePlan(org, now);
    const reason: SyncReason = plan.trialExpired
      ? 'trial-expired'
      : plan.limits.mailAvailable
        ? 'mailbox-disabled'
        : 'plan-without-mail';
    return { due: false, cadence: 'never', reason, nextAt: null };
  }

  if (isRequestPending(mailbox.syncRequestedAt, mailbox.lastSyncAt)) {
    return { due: true, cadence: 'now', reason: 'sync-requested', nextAt: now };
  }

  const online = input.onlineUserIds;
  const readerOnline =
    (mailbox.ownerUserId !== null && online.has(mailbox.ownerUserId)) ||
    input.accessUserIds.some((id) => online.has(id));
  if (readerOnline) return periodic('every-10-minutes', 'owner-or-grantee-online', mailbox.lastSyncAt, now);

  // The online set holds only this organization's users, so a non-empty set is "anyone of the organization".
  const anyoneOnline = online.size > 0;
  if (mailbox.crmRouteToManager && anyoneOnline)
    return periodic('every-10-minutes', 'crm-routing-and-org-online', mailbox.lastSyncAt, now);
  if (anyoneOnline) return periodic('daily', 'org-online', mailbox.lastSyncAt, now);

  return { due: false, cadence: 'never', reason: 'nobody-online', nextAt: null };
}

/**
 * A request stays pending until a sync newer than it succeeded; equal timestamps count as served. This is only
 * right if `lastSyncAt` is the START of the successful sync: stamped at its end, a click made while a sync
 * was already past the folder the user looks at would be taken as served.
 */
function isRequestPending(syncRequestedAt: Date | null, lastSyncAt: Date | null): boolean {
  if (syncRequestedAt === null) return false;
  return lastSyncAt === null || syncRequestedAt.getTime() > lastSyncAt.getTime();
}

function periodic(
  cadence: keyof typeof SYNC_INTERVALS_MS,
  reason: SyncReason,
  lastSyncAt: Date | null,
  now: Date,
): SyncDecision {
  // Never synced: nothing to wait for.
  if (lastSyncAt === null) return { due: true, cadence, reason, nextAt: now };
  const dueAt = lastSyncAt.getTime() + SYNC_INTERVALS_MS[cadence];
  const due = dueAt <= now.getTime();
  return { due, cadence, reason, nextAt: due ? now : new Date(dueAt) };
}
