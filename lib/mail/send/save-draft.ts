import { and, eq } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import type { Db } from '@/db/client';
import { mailFolders, messages, type Mailbox } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { throwIfAttachmentsTooLarge } from '../../plans/guards';
import { withImap } from '../actions/action-targets';
import { sanitizeForSending } from './sanitize-for-sending';
import { buildOutgoingMime, newMessageId } from './build-outgoing-mime';
import { loadUploads } from './load-uploads';
import { normalizeSubject, parseRecipients, type AddressInput } from './outgoing-fields';
import { senderAddress } from './sender-address';
import { loadSendingMailbox } from './sending-mailbox';
import { storeDraftLocally } from './store-draft-locally';
import { findOrCreateSpecialFolder } from './special-folder';

export type SaveDraftInput = {
  actor: Actor;
  mailboxId: string;
  to?: AddressInput[];
  cc?: AddressInput[];
  bcc?: AddressInput[];
  subject: string;
  html: string;
  uploadIds?: string[];
  /** The draft this one replaces (its UID in the Drafts folder), removed once the new one is stored. */
  replaceUid?: number | null;
  now?: Date;
};

const validUid = (uid: number | null | undefined): uid is number =>
  typeof uid === 'number' && Number.isSafeInteger(uid) && uid > 0;

/**
 * Saves the message being written to the server's Drafts folder (\Draft \Seen), where every client of the
 * mailbox finds it, and removes the version it replaces. The new copy is stored first, so a failure never
 * loses the draft; it is also put in the local Drafts folder at once (store-draft-locally.ts). Returns the
 * new UID, which the next save replaces.
 */
export async function saveDraft(db: Db, input: SaveDraftInput): Promise<{ uid: number }> {
  const now = input.now ?? new Date();
  if (input.replaceUid != null && !validUid(input.replaceUid))
    throw new AppError('validation', { problem: { key: 'send.draftInvalid' } });
  const { mailbox } = await loadSendingMailbox(db, { actor: input.actor, mailboxId: input.mailboxId, now });
  const recipients = parseRecipients(input, { requireOne: false });
  const uploads = await loadUploads(db, { actor: input.actor, uploadIds: input.uploadIds ?? [] });
  throwIfAttachmentsTooLarge(uploads.reduce((sum, u) => sum + u.size, 0));
  const messageId = newMessageId(mailbox.email);
  const body = await sanitizeForSending(input.html);
  const { raw } = await buildOutgoingMime({
    from: await senderAddress(db, mailbox, input.actor),
    ...recipients,
    subject: normalizeSubject(input.subject),
    html: body.html,
    text: body.text,
    messageId,
    date: now,
    attachments: uploads.map((u) => ({ filename: u.filename, contentType: u.contentType, content: u.content })),
    keepBcc: true,
  });

  const { uid, path, replaced } = await withImap(db, mailbox, async (client) => {
    const path = await findOrCreateSpecialFolder(db, client, mailbox, 'drafts');
    const appended = await client.append(path, raw, ['\\Draft', '\\Seen'], now);
    if (appended === false) throw new AppError('mail_server_error', { problem: { key: 'send.draftNotStored' } });
    const uid = appended.uid ?? (await findUidByMessageId(client, path, messageId));
    // Without the new UID the old version stays: two drafts are better than none the compose window can find.
    const replaced = uid !== null && validUid(input.replaceUid) && input.replaceUid !== uid ? input.replaceUid : null;
    if (replaced !== null) await expunge(client, path, replaced);
    // The draft is safely on the server by now: a failure to show it early only leaves it to the next sync.
    if (uid !== null)
      await storeDraftLocally(db, client, { mailbox, path, uid, uidValidity: appended.uidValidity }).catch(
        (error: unknown) => process.stderr.write(`Draft ${uid} not stored locally: ${String(error)}\n`),
      );
    return { uid, path, replaced };
  });
  if (replaced !== null) await forgetLocalCopy(db, mailbox, path, replaced);
  if (uid === null)
    throw new AppError('mail_server_error', {
      problem: { key: 'send.draftLocationUnknown' },
    });
  return { uid };
}

/** Discards a draft (the compose window was closed with "Discard"): removed for good, as clients do. */
export async function deleteDraft(
  db: Db,
  options: { actor: Actor; mailboxId: string; uid: number; now?: Date },
): Promise<void> {
  if (!validUid(options.uid)) throw new AppError('validation', { problem: { key: 'send.draftInvalid' } });
  const { mailbox } = await loadSendingMailbox(db, {
    actor: options.actor,
    mailboxId: options.mailboxId,
    now: options.now,
  });
  const path = await withImap(db, mailbox, async (client) => {
    const path = await findOrCreateSpecialFolder(db, client, mailbox, 'drafts');
    await expunge(client, path, options.uid);
    return path;
  });
  await forgetLocalCopy(db, mailbox, path, options.uid);
}

// \Deleted and UID EXPUNGE of exactly this UID (imapflow's messageDelete), never a plain EXPUNGE that would
// also remove what another client marked deleted.
async function expunge(client: ImapFlow, path: string, uid: number): Promise<void> {
  await client.mailboxOpen(path);
  await client.messageDelete(String(uid), { uid: true });
}

async function findUidByMessageId(client: ImapFlow, path: string, messageId: string): Promise<number | null> {
  await client.mailboxOpen(path);
  const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
  return found && found.length > 0 ? Math.max(...found) : null;
}

/** The synced row of the removed draft, so the list does not show it until the next sync. */
async function forgetLocalCopy(db: Db, mailbox: Pick<Mailbox, 'id'>, path: string, uid: number): Promise<void> {
  const [folder] = await db
    .select({ id: mailFolders.id })
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.path, path)))
    .limit(1);
  if (folder) await db.delete(messages).where(and(eq(messages.folderId, folder.id), eq(messages.uid, uid)));
}
