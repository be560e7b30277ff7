import { inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { loadActionTargets, withImap } from './action-targets';
import { moveMessages } from './move-messages';

/**
 * Delete as the user means it (SPEC §5): on the mail server too. Messages go to Trash; messages already in
 * Trash are deleted for good (\Deleted + UID EXPUNGE of exactly those UIDs). The retention purge is another
 * thing and never touches the server.
 */
export async function deleteMessages(db: Db, options: { messageIds: number[]; actor: Actor }): Promise<{ trashed: number; deleted: number }> {
  const groups = await loadActionTargets(db, options);
  let trashed = 0;
  let deleted = 0;
  for (const group of groups) {
    if (group.rows.length === 0) continue;
    if (group.folder.specialUse !== 'trash') {
      trashed += (await moveMessages(db, { messageIds: group.rows.map((r) => r.id), to: { specialUse: 'trash' }, actor: options.actor })).moved;
      continue;
    }
    await withImap(group.mailbox, async (client) => {
      await client.mailboxOpen(group.folder.path);
      await client.messageDelete(group.rows.map((r) => r.uid).join(','), { uid: true });
    });
    const removed = await db.delete(messages).where(inArray(messages.id, group.rows.map((r) => r.id))).returning({ id: messages.id });
    deleted += removed.length;
  }
  return { trashed, deleted };
}
