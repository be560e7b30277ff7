import { inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { loadActionTargets, withImap } from './action-targets';

export type FlagChanges = { seen?: boolean; flagged?: boolean };

const imapFlag = { seen: '\\Seen', flagged: '\\Flagged' } as const;

/**
 * Read/unread and flag, on the server first (+FLAGS/-FLAGS: other flags set meanwhile by another client are
 * never overwritten), then locally. If the server refuses, nothing changes here and the error says why.
 */
export async function setMessageFlags(
  db: Db,
  options: { messageIds: number[]; changes: FlagChanges; actor: Actor },
): Promise<{ updated: number }> {
  const groups = await loadActionTargets(db, options);
  let updated = 0;
  for (const group of groups) {
    if (group.rows.length === 0) continue;
    const uids = group.rows.map((r) => r.uid).join(',');
    await withImap(db, group.mailbox, async (client) => {
      await client.mailboxOpen(group.folder.path);
      for (const [key, flag] of Object.entries(imapFlag) as Array<[keyof FlagChanges, string]>) {
        const value = options.changes[key];
        if (value === true) await client.messageFlagsAdd(uids, [flag], { uid: true });
        if (value === false) await client.messageFlagsRemove(uids, [flag], { uid: true });
      }
    });
    const result = await db
      .update(messages)
      .set(options.changes)
      .where(
        inArray(
          messages.id,
          group.rows.map((r) => r.id),
        ),
      )
      .returning({ id: messages.id });
    updated += result.length;
  }
  return { updated };
}
