import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailEvents, mailFolders, messages } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { removeMailbox } from '@/lib/mail/mailboxes/remove-mailbox';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';

async function mailboxWithInbox() {
  const db = getDb();
  const org = await createTestOrg(db);
  const owner = await createTestUser(db, { orgId: org.id });
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
  const ids = await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 40 });
  const [inbox] = await db.select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id));
  return { db, org, mailbox, ids, inbox: inbox! };
}

const eventsOf = async (mailboxId: string, after = 0) =>
  (
    await getDb()
      .select({ id: mailEvents.id, folderId: mailEvents.folderId, kind: mailEvents.kind })
      .from(mailEvents)
      .where(eq(mailEvents.mailboxId, mailboxId))
      .orderBy(asc(mailEvents.id))
  )
    .filter((e) => e.id > after)
    .map(({ folderId, kind }) => ({ folderId, kind }));

const lastId = async (mailboxId: string) => {
  const rows = await getDb().select({ id: mailEvents.id }).from(mailEvents).where(eq(mailEvents.mailboxId, mailboxId));
  return Math.max(0, ...rows.map((r) => r.id));
};

describe('mail event triggers', () => {
  afterAll(closeDb);

  it('write one event per statement and folder, not one per row, and only for what a reader sees', async () => {
    const { db, org, mailbox, ids, inbox } = await mailboxWithInbox();
    // The factory's folder insert and its one 40-row insert.
    expect(await eventsOf(mailbox.id)).toEqual([
      { folderId: null, kind: 'folders' },
      { folderId: inbox.id, kind: 'new' },
    ]);

    let mark = await lastId(mailbox.id);
    await db.update(messages).set({ seen: true }).where(inArray(messages.id, ids));
    expect(await eventsOf(mailbox.id, mark)).toEqual([{ folderId: inbox.id, kind: 'changed' }]);

    // The sync's bookkeeping is invisible to readers: no event.
    mark = await lastId(mailbox.id);
    await db.update(messages).set({ modseq: 7n, snippet: 'x' }).where(inArray(messages.id, ids));
    await db.update(messages).set({ seen: true }).where(inArray(messages.id, ids));
    await db.update(mailFolders).set({ uidNext: 99, lastSyncedAt: new Date() }).where(eq(mailFolders.id, inbox.id));
    expect(await eventsOf(mailbox.id, mark)).toEqual([]);

    // A move touches both folders; a new folder is a 'folders' event.
    const [archive] = await db
      .insert(mailFolders)
      .values({ orgId: org.id, mailboxId: mailbox.id, path: 'Archive', name: 'Archive', specialUse: 'archive' })
      .returning();
    await db
      .update(messages)
      .set({ folderId: archive!.id })
      .where(inArray(messages.id, ids.slice(0, 10)));
    const moved = await eventsOf(mailbox.id, mark);
    expect(moved[0]).toEqual({ folderId: null, kind: 'folders' });
    expect(moved.slice(1).sort((a, b) => (a.folderId ?? 0) - (b.folderId ?? 0))).toEqual(
      [inbox.id, archive!.id].sort((a, b) => a - b).map((folderId) => ({ folderId, kind: 'changed' })),
    );

    mark = await lastId(mailbox.id);
    await db.delete(messages).where(and(eq(messages.folderId, inbox.id), inArray(messages.id, ids)));
    expect(await eventsOf(mailbox.id, mark)).toEqual([{ folderId: inbox.id, kind: 'removed' }]);
  });

  it('let a mailbox with mail be removed (its cascade writes no event pointing at it)', async () => {
    const { db, mailbox } = await mailboxWithInbox();
    await removeMailbox(db, { mailboxId: mailbox.id, actor: cliActor });
    expect(await eventsOf(mailbox.id)).toEqual([]);
  });
});
