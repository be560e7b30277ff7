import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailboxAccess, mailFolders, messages } from '@/db/schema';
import { buildSearchVector } from '@/lib/search/search-vector';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { listMailFolders } from './list-mail-folders';
import { listMessages } from './list-messages';

const DAY = 24 * 60 * 60 * 1000;
const base = Date.parse('2026-10-01T12:00:00Z');

let owner: Extract<Actor, { kind: 'user' }>;
let admin: Extract<Actor, { kind: 'user' }>;
let colleague: Extract<Actor, { kind: 'user' }>;
let folderId: number;
let ids: number[];

beforeAll(async () => {
  const db = getDb();
  const org = await createTestOrg(db);
  const users = await Promise.all([
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id, role: 'admin' }),
    createTestUser(db, { orgId: org.id }),
  ]);
  const actors = users.map((u) => ({ kind: 'user' as const, userId: u.id, orgId: org.id, role: u.role }));
  [owner, admin, colleague] = [actors[0]!, actors[1]!, actors[2]!];
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  // 120 messages, one a day going back from the base date; every 10th links to a task.
  ids = await createTestMessages(db, {
    orgId: org.id,
    mailboxId: mailbox.id,
    count: 120,
    receivedAt: (i) => new Date(base - i * DAY),
    linkKinds: (i) => (i % 10 === 0 ? ['task'] : []),
  });
  const [first] = await db.select({ folderId: messages.folderId }).from(messages).where(eq(messages.id, ids[0]!));
  folderId = first!.folderId;
  await db
    .update(messages)
    .set({ seen: true })
    .where(
      inArray(
        messages.id,
        ids.filter((_, i) => i % 2 === 0),
      ),
    );
  await db
    .update(messages)
    .set({ flagged: true, hasAttachments: true })
    .where(
      inArray(
        messages.id,
        ids.filter((_, i) => i % 7 === 0),
      ),
    );
  await db
    .update(messages)
    .set({
      subject: 'Invoice for Zanzibar shipment',
      searchVector: buildSearchVector({
        subject: 'Invoice for Zanzibar shipment',
        people: ['Ops <ops@example.test>'],
        body: 'Please pay by Friday',
      }),
    })
    .where(eq(messages.id, ids[33]!));
  await db
    .insert(mailboxAccess)
    .values({ orgId: org.id, mailboxId: mailbox.id, userId: colleague.userId, level: 'read' });
});
afterAll(closeDb);

describe('listMessages', () => {
  it('pages the whole folder newest first with a keyset cursor, without repeats or gaps', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMessages(getDb(), { actor: owner, folderId, cursor, limit: 50 });
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it('combines status, link and date filters', async () => {
    const unreadFlagged = await listMessages(getDb(), {
      actor: owner,
      folderId,
      filters: { status: ['unread', 'flagged'] },
    });
    expect(unreadFlagged.items.map((m) => m.id)).toEqual(ids.filter((_, i) => i % 2 === 1 && i % 7 === 0));
    const linked = await listMessages(getDb(), {
      actor: owner,
      folderId,
      filters: { linked: ['task'], after: new Date(base - 35 * DAY).toISOString() },
    });
    expect(linked.items.map((m) => m.id)).toEqual([ids[0], ids[10], ids[20], ids[30]]);
    const attachments = await listMessages(getDb(), {
      actor: owner,
      folderId,
      filters: { status: ['attachments'], before: new Date(base - 100 * DAY).toISOString() },
    });
    expect(attachments.items.map((m) => m.id)).toEqual(ids.filter((_, i) => i % 7 === 0 && i > 100));
  });

  it('searches by word prefixes over subject, people and body', async () => {
    for (const q of ['zanzib', 'invoice friday', 'OPS@example']) {
      expect(
        (await listMessages(getDb(), { actor: owner, folderId, filters: { q } })).items.map((m) => m.id),
        q,
      ).toEqual([ids[33]]);
    }
    expect((await listMessages(getDb(), { actor: owner, folderId, filters: { q: 'zanzibar nowhere' } })).items).toEqual(
      [],
    );
    expect((await listMessages(getDb(), { actor: owner, folderId, filters: { q: '!!!' } })).items).toEqual([]);
  });

  it('is refused to an admin without a grant, allowed to a colleague with one', async () => {
    await expect(listMessages(getDb(), { actor: admin, folderId })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await listMessages(getDb(), { actor: colleague, folderId })).items).toHaveLength(50);
    await expect(listMessages(getDb(), { actor: owner, folderId, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'validation',
    });
  });
});

describe('listMailFolders', () => {
  it('counts unread per folder and lists only readable mailboxes', async () => {
    const [mailbox] = await listMailFolders(getDb(), { actor: owner });
    expect(mailbox?.folders.map((f) => [f.name, f.unread, f.unreadMore])).toEqual([['Inbox', 60, false]]);
    expect(mailbox?.canSend).toBe(true);
    const [shared] = await listMailFolders(getDb(), { actor: colleague });
    expect(shared?.canSend).toBe(false);
    expect(await listMailFolders(getDb(), { actor: admin })).toEqual([]);
  });

  it('counts each folder on its own and stops at the cap', async () => {
    // A busy inbox beside empty folders: the planner must not take the inbox's figures for the others.
    const db = getDb();
    const user = await createTestUser(db, { orgId: owner.orgId });
    const actor = { kind: 'user' as const, userId: user.id, orgId: owner.orgId, role: user.role };
    const mailbox = await createTestMailbox(db, { orgId: owner.orgId, ownerUserId: user.id });
    const inbox = await createTestMessages(db, { orgId: owner.orgId, mailboxId: mailbox.id, count: 1003 });
    await db.insert(mailFolders).values(
      ['Archive', 'Trash'].map((name) => ({
        orgId: owner.orgId,
        mailboxId: mailbox.id,
        path: name,
        name,
        specialUse: name.toLowerCase() as 'archive' | 'trash',
        uidValidity: 1,
      })),
    );
    const [listed] = await listMailFolders(db, { actor });
    expect(listed?.folders.map((f) => [f.name, f.unread, f.unreadMore])).toEqual([
      ['Inbox', 1000, true],
      ['Archive', 0, false],
      ['Trash', 0, false],
    ]);
    await db
      .update(messages)
      .set({ seen: true })
      .where(inArray(messages.id, inbox.slice(0, 10)));
    const [after] = await listMailFolders(db, { actor });
    expect(after?.folders[0]).toMatchObject({ unread: 993, unreadMore: false });
  });
});
