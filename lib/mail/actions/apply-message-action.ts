import { z } from 'zod';
import type { Db } from '@/db/client';
import type { Actor } from '../../access/actor';
import { deleteMessages } from './delete-messages';
import { markAsSpam, moveMessages } from './move-messages';
import { setMessageFlags } from './set-message-flags';

export const messageActionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.enum(['read', 'unread', 'flag', 'unflag', 'spam', 'delete']),
    messageIds: z.array(z.number().int().positive()).min(1).max(5_000),
  }),
  z.object({
    action: z.literal('move'),
    messageIds: z.array(z.number().int().positive()).min(1).max(5_000),
    folderId: z.number().int().positive(),
  }),
]);

export type MessageAction = z.output<typeof messageActionSchema>;
export type MessageActionResult = { updated: number; deletedForGood: number };

/**
 * One entry point for the toolbar and the per-message menu. Every action is done on the mail server first;
 * undo of a move, spam or delete-to-Trash is a move back to where the messages were (their ids stay the same).
 */
export async function applyMessageAction(
  db: Db,
  options: { actor: Actor; action: MessageAction },
): Promise<MessageActionResult> {
  const { actor, action } = options;
  const messageIds = action.messageIds;
  switch (action.action) {
    case 'read':
    case 'unread':
      return {
        updated: (await setMessageFlags(db, { actor, messageIds, changes: { seen: action.action === 'read' } }))
          .updated,
        deletedForGood: 0,
      };
    case 'flag':
    case 'unflag':
      return {
        updated: (await setMessageFlags(db, { actor, messageIds, changes: { flagged: action.action === 'flag' } }))
          .updated,
        deletedForGood: 0,
      };
    case 'spam':
      return { updated: (await markAsSpam(db, { actor, messageIds })).moved, deletedForGood: 0 };
    case 'move':
      return {
        updated: (await moveMessages(db, { actor, messageIds, to: { folderId: action.folderId } })).moved,
        deletedForGood: 0,
      };
    case 'delete': {
      const result = await deleteMessages(db, { actor, messageIds });
      return { updated: result.trashed, deletedForGood: result.deleted };
    }
  }
}
