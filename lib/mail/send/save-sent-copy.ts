import type { Db } from '@/db/client';
import type { Mailbox } from '@/db/schema';
import { withImap } from '../actions/action-targets';
import { findOrCreateSpecialFolder } from './special-folder';

/**
 * Appends what was sent to the server's Sent folder, read (SPEC §5: sent mail is saved there), so every
 * client of the mailbox sees it. The message has gone out already: a failure here is reported as
 * `false`, never as a failed send, which would tempt the user to send it twice.
 */
export async function saveSentCopy(db: Db, mailbox: Mailbox, raw: Buffer, date: Date): Promise<boolean> {
  try {
    return await withImap(db, mailbox, async (client) => {
      const path = await findOrCreateSpecialFolder(db, client, mailbox, 'sent');
      const appended = await client.append(path, raw, ['\\Seen'], date);
      return appended !== false;
    });
  } catch {
    return false;
  }
}
