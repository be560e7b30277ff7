import { and, eq } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import type { DbOrTx } from '@/db/client';
import { mailFolders, type Mailbox } from '@/db/schema';

type Use = 'sent' | 'drafts';

const imapFlag: Record<Use, string> = { sent: '\\Sent', drafts: '\\Drafts' };
const defaultName: Record<Use, string> = { sent: 'Sent', drafts: 'Drafts' };
// Names servers without SPECIAL-USE (and clients before it) gave these folders.
const knownNames: Record<Use, RegExp> = {
  sent: /^(sent|sent items|sent messages|sent mail)$/i,
  drafts: /^drafts?$/i,
};

/**
 * The server path of the mailbox's Sent or Drafts folder: the one the sync found marked as such, else the one
 * the server marks (SPECIAL-USE) or names so now, else a new folder "Sent"/"Drafts" (created and subscribed,
 * as mail clients do; the next sync lists it).
 */
export async function findOrCreateSpecialFolder(
  db: DbOrTx,
  client: ImapFlow,
  mailbox: Pick<Mailbox, 'id'>,
  use: Use,
): Promise<string> {
  const [known] = await db
    .select({ path: mailFolders.path })
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, use)))
    .limit(1);
  if (known) return known.path;

  const listed = (await client.list()).filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'));
  const found = listed.find((f) => f.specialUse === imapFlag[use]) ?? listed.find((f) => knownNames[use].test(f.name));
  if (found) return found.path;
  const created = await client.mailboxCreate(defaultName[use]);
  return created.path;
}
