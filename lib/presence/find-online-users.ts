import { and, eq, gte } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { ONLINE_WINDOW_MS } from '../mail/sync/sync-policy';
import { parseInput, uuidSchema } from '../validation';

/**
 * Ids of the organization's active users who are online (SPEC §4): a visible tab's heartbeat no older than
 * ONLINE_WINDOW_MS. Reads only the partial index users_org_last_seen_idx (org_id, last_seen_at where active).
 * Deactivated users never count, even with a recent heartbeat from before their deactivation.
 */
export async function findOnlineUserIds(db: DbOrTx, options: { orgId: string; now?: Date }): Promise<Set<string>> {
  const orgId = parseInput(uuidSchema, options.orgId);
  const since = new Date((options.now ?? new Date()).getTime() - ONLINE_WINDOW_MS);
  // No upper bound: a beat stamped slightly ahead by another server's clock still means "here".
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.active, true), gte(users.lastSeenAt, since)));
  return new Set(rows.map((row) => row.id));
}
