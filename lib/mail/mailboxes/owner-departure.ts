/**
 * A deactivated employee's mailboxes keep syncing for a grace period so nothing is lost while an admin gives
 * them a new owner (SPEC §3). Admins are told in the app (and by mail, with SYSTEM_SMTP_URL) from NOTICE_DAYS
 * before the end; at the end the mailbox is disabled with this reason (its data kept, retention still applies).
 */
export const OWNER_DEPARTED_REASON = 'owner_departed';
export const DEPARTED_OWNER_GRACE_DAYS = 30;
export const DEPARTED_OWNER_NOTICE_DAYS = 7;

const DAY_MS = 86_400_000;

export function departedOwnerDisconnectAt(deactivatedAt: Date): Date {
  return new Date(deactivatedAt.getTime() + DEPARTED_OWNER_GRACE_DAYS * DAY_MS);
}
