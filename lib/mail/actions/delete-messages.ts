import type { Db } from '@/db/client';
import type { Actor } from '../../access/actor';
import { loadActionTargets, withImap } from './action-targets';
import { retireRows } from '../sync/retire-rows';
import { moveMessages } from './move-messages';

/**
 * Delete as the user means it (SPEC §5): on the mail server too. Messages go to Trash; messages already in
 * Trash are deleted for good (\Deleted + UID EXPUNGE of exactly those UIDs); of those, a message linked to work
 * keeps its local copy, marked gone from the server, like one deleted by another client. The retention purge
 * is another thing and never touches the server.
 */
export async function deleteMessages(
  db: Db,
  options: { messageIds: number[]; actor: Actor },
): Promise<{ trashed: number; deleted: number }> {
  const groups = await loadActionTargets(db, options);
  let trashed = 0;
  let deleted = 0;
  for (const group of groups) {
    if (group.rows.length === 0) continue;
    if (group.folder.specialUse !== 'trash') {
      trashed += (
        await moveMessages(db, {
          messageIds: group.rows.map((r) => r.id),
          to: { specialUse: 'trash' },
          actor: options.actor,
        })
      ).moved;
      continue;
    }
    await withImap(db, group.mailbox, async (client) => {
      await client.mailboxOpen(group.folder.path);
      await client.messageDelete(group.rows.map((r) => r.uid).join(','), { uid: true });
    });
    // Off the lists either way; a message that work is linked to keeps its local copy, marked gone.
    const removed = await retireRows(
      db,
      group.rows.map((r) => ({ id: r.id, folderId: group.folder.id, uid: r.uid })),
    );
    deleted += removed.deleted + removed.keptGone;
  }
  return { trashed, deleted };
}
