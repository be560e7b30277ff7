import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { messages } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { getFolderForActor } from '../webmail/folder-access';
import { expandThreadTargets, type ActionTargetRow } from './action-targets';
import { applyMessageAction, type MessageAction, type MessageActionResult } from './apply-message-action';
import { withMailActionLock } from './mail-action-lock';

const ids = (max: number) => z.array(z.number().int().positive()).max(max).default([]);
const targets = {
  messageIds: ids(5_000),
  // Conversation rows: every listed message of these threads in `threadFolderId` (the folder on screen).
  threadIds: ids(500),
  threadFolderId: z.number().int().positive().optional(),
};

export const conversationActionSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.enum(['read', 'unread', 'flag', 'unflag', 'spam', 'delete']), ...targets }),
    // folderId is where a move goes, as in the message action; threadFolderId is where it comes from.
    z.object({ action: z.literal('move'), folderId: z.number().int().positive(), ...targets }),
  ])
  .refine((input) => input.messageIds.length + input.threadIds.length > 0, {
    error: 'conversations.selectAtLeastOne',
    path: ['messageIds'],
  })
  .refine((input) => input.threadIds.length === 0 || input.threadFolderId !== undefined, {
    error: 'conversations.folderRequired',
    path: ['threadFolderId'],
  });

export type ConversationAction = z.output<typeof conversationActionSchema>;
/** `targets`: each message acted on as it was before (folder, seen), so the page can undo and fix counts. */
export type ConversationActionResult = MessageActionResult & { messageIds: number[]; targets: ActionTargetRow[] };

/**
 * The list's actions on messages and whole conversations. Conversation rows are expanded to their messages
 * in the folder on the server, under the mailbox's action lock, and then acted on exactly like selected
 * messages (on the mail server first). The answer names every message acted on, for undo.
 */
export async function applyConversationAction(
  db: Db,
  options: { actor: Actor; action: ConversationAction },
): Promise<ConversationActionResult> {
  const { actor, action } = options;
  const folder =
    action.threadIds.length > 0 && action.threadFolderId !== undefined
      ? (await getFolderForActor(db, { actor, folderId: action.threadFolderId })).folder
      : null;
  const mailboxIds = await mailboxesOf(db, action.messageIds);
  if (folder) mailboxIds.push(folder.mailboxId);

  return withMailActionLock(db, mailboxIds, async () => {
    const fromThreads = folder ? await expandThreadTargets(db, { folder, threadIds: action.threadIds }) : [];
    const chosen =
      action.messageIds.length === 0
        ? []
        : await db
            .select({ id: messages.id, folderId: messages.folderId, seen: messages.seen })
            .from(messages)
            .where(inArray(messages.id, action.messageIds));
    const byId = new Map([...fromThreads, ...chosen].map((row) => [row.id, row]));
    const messageIds = [...new Set([...action.messageIds, ...fromThreads.map((row) => row.id)])];
    // Conversations already emptied here (moved by an earlier click) leave nothing to do: not an error.
    if (messageIds.length === 0) return { updated: 0, deletedForGood: 0, messageIds: [], targets: [] };
    const expanded: MessageAction =
      action.action === 'move'
        ? { action: 'move', folderId: action.folderId, messageIds }
        : { action: action.action, messageIds };
    const result = await applyMessageAction(db, { actor, action: expanded });
    return {
      ...result,
      messageIds,
      targets: messageIds.flatMap((id) => {
        const row = byId.get(id);
        return row ? [row] : [];
      }),
    };
  });
}

/** The mailboxes of chosen messages, for the lock only: access is checked by the action itself. */
async function mailboxesOf(db: Db, messageIds: number[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ mailboxId: messages.mailboxId })
    .from(messages)
    .where(inArray(messages.id, messageIds));
  return rows.map((row) => row.mailboxId);
}
