import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { planAllowsSync } from '../../plans/effective-plan';
import { ONLINE_WINDOW_MS } from '../sync/sync-policy';

export type LiveMailbox = { id: string; imapHost: string };

/**
 * Mailboxes someone is reading now: the owner or a grantee is an active user with a presence heartbeat within
 * ONLINE_WINDOW_MS (SPEC §4 "online"), and the mailbox may sync (enabled, mail in the plan, not waiting for a
 * new password). These get an IDLE connection; the others follow the SPEC §4 schedule alone. A system
 * operation of the workers: there is no actor, and nothing of the mail leaves this process.
 *
 * `orgIds` limits it to some organizations (tests sharing one database with other test files).
 */
export async function findLiveMailboxes(
  db: Db,
  options: { now?: Date; orgIds?: readonly string[] } = {},
): Promise<LiveMailbox[]> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - ONLINE_WINDOW_MS);
  const scope = options.orgIds ? sql`and m.org_id = any(${`{${options.orgIds.join(',')}}`}::uuid[])` : sql``;
  // Online users first (the partial index on last_seen_at where active), then what they own or may read.
  const { rows } = await db.execute<{
    id: string;
    imap_host: string;
    status: 'active' | 'disabled';
    plan: string;
    trial_ends_at: Date | string | null;
  }>(sql`
    with online as (select id from users where active and last_seen_at >= ${since.toISOString()}::timestamptz)
    select m.id, m.imap_host, m.status, o.plan, o.trial_ends_at
    from mailboxes m join organizations o on o.id = m.org_id
    where m.status = 'active' and not m.requires_reauth ${scope}
      and (m.owner_user_id in (select id from online)
        or m.id in (select a.mailbox_id from mailbox_access a where a.user_id in (select id from online)))
    order by m.id`);
  return rows
    .filter((row) =>
      planAllowsSync(
        { plan: row.plan, trialEndsAt: row.trial_ends_at === null ? null : new Date(row.trial_ends_at) },
        { status: row.status },
        now,
      ),
    )
    .map((row) => ({ id: row.id, imapHost: row.imap_host }));
}
