import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailFolders, messages } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { isAppError } from '../../errors';
import { firstInboxId } from './first-inbox';
import { firstListPage, type PageParams } from './first-list-page';
import { listConversations } from './list-conversations';
import { listMailFolders, type WebmailMailbox } from './list-mail-folders';
import { listMessages } from './list-messages';

type UserActor = Extract<Actor, { kind: 'user' }>;
const DAY = 24 * 60 * 60 * 1000;
const base = Date.parse('2026-10-01T12:00:00Z');

let owner: UserActor;
let stranger: UserActor;
let mailboxes: WebmailMailbox[];
let inboxId: number;
let archiveId: number;
let foreignFolderId: number;

beforeAll(async () => {
  const db = getDb();
  const org = await createTestOrg(db);
  const [ownerUser, strangerUser] = await Promise.all([
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
  ]);
  owner = { kind: 'user', userId: ownerUser.id, orgId: org.id, role: ownerUser.role };
  stranger = { kind: 'user', userId: strangerUser.id, orgId: org.id, role: strangerUser.role };
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  // 60 messages: more than a page, so the first page is a choice (the newest 50).
  const ids = await createTestMessages(db, {
    orgId: org.id,
    mailboxId: mailbox.id,
    count: 60,
    receivedAt: (i) => new Date(base - i * DAY),
  });
  const [first] = await db.select({ folderId: messages.folderId }).from(messages).where(eq(messages.id, ids[0]!));
  inboxId = first!.folderId;
  // A folder listed before the inbox would be, if the pick did not look for the inbox by its role.
  const [archive] = await db
    .insert(mailFolders)
    .values({
      orgId: org.id,
      mailboxId: mailbox.id,
      path: 'Archive',
      name: 'Archive',
      specialUse: 'archive',
      uidValidity: 1,
    })
    .returning();
  archiveId = archive!.id;
  await db.update(messages).set({ folderId: archiveId }).where(eq(messages.id, ids[59]!));
  // Someone else's mailbox, in another organization.
  const other = await createTestOrg(db);
  const otherUser = await createTestUser(db, { orgId: other.id });
  const otherBox = await createTestMailbox(db, { orgId: other.id, ownerUserId: otherUser.id });
  const [foreignMessage] = await createTestMessages(db, { orgId: other.id, mailboxId: otherBox.id, count: 1 });
  const [foreign] = await db
    .select({ folderId: messages.folderId })
    .from(messages)
    .where(eq(messages.id, foreignMessage!));
  foreignFolderId = foreign!.folderId;
  // The archive listed first: the inbox must be picked for its role, not its place.
  const [own] = await listMailFolders(db, { actor: owner });
  const folders = own!.folders;
  mailboxes = [
    { ...own!, folders: [...folders.filter((f) => f.id === archiveId), ...folders.filter((f) => f.id !== archiveId)] },
  ];
  expect(mailboxes[0]!.folders[0]!.id).toBe(archiveId);
});
afterAll(closeDb);

const load = (params: PageParams, options: { view?: 'conversations' | 'messages'; documentLoad?: boolean } = {}) =>
  firstListPage(getDb(), {
    actor: owner,
    mailboxes,
    view: options.view ?? 'messages',
    params,
    documentLoad: options.documentLoad ?? true,
  });

describe('firstListPage', () => {
  it("gives the first mailbox's inbox, as its list endpoint would, when the URL names no folder", async () => {
    const first = await load({});
    expect(first?.view).toBe('messages');
    expect(first?.folderId).toBe(inboxId);
    expect(first?.page).toEqual(await listMessages(getDb(), { actor: owner, folderId: inboxId }));
    expect(first?.page.items).toHaveLength(50);
    expect(first?.page.nextCursor).not.toBeNull();
    // The rows travel as JSON in the page: dates are already strings.
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('lists by conversation in the conversation view', async () => {
    const first = await load({}, { view: 'conversations' });
    expect(first?.view).toBe('conversations');
    expect(first?.page).toEqual(await listConversations(getDb(), { actor: owner, folderId: inboxId }));
  });

  it("follows the folder pane's choice when the first inbox found by its own query is not it", async () => {
    // A pane whose first mailbox shows no inbox (as one connected at the same moment as another might).
    const withoutInbox = [{ ...mailboxes[0]!, folders: mailboxes[0]!.folders.filter((f) => f.id !== inboxId) }];
    const first = await firstListPage(getDb(), {
      actor: owner,
      mailboxes: Promise.resolve(withoutInbox),
      view: Promise.resolve('messages'),
      params: {},
      documentLoad: true,
    });
    expect(first?.folderId).toBe(archiveId);
    expect(first?.page).toEqual(await listMessages(getDb(), { actor: owner, folderId: archiveId }));
  });

  it('gives the folder the URL names, read as the webmail reads it (the first of repeated values)', async () => {
    expect((await load({ folder: String(archiveId) }))?.folderId).toBe(archiveId);
    expect((await load({ folder: [String(archiveId), String(inboxId)] }))?.folderId).toBe(archiveId);
    expect((await load({ folder: 'inbox' }))?.folderId).toBe(inboxId);
    expect((await load({ folder: String(archiveId) }))?.page.items).toHaveLength(1);
  });

  it('gives nothing for a client-side navigation or a filtered list, which the client fetches', async () => {
    expect(await load({}, { documentLoad: false })).toBeNull();
    for (const name of ['q', 'status', 'linked', 'after', 'before'])
      expect(await load({ [name]: name === 'after' || name === 'before' ? '2026-09-01' : 'x' })).toBeNull();
    // An empty filter is no filter, as the webmail reads it.
    expect(await load({ q: '' })).not.toBeNull();
  });

  it('gives nothing when there is no folder, or the folder is missing or not the reader’s', async () => {
    expect(
      await firstListPage(getDb(), { actor: owner, mailboxes: [], view: 'messages', params: {}, documentLoad: true }),
    ).toBeNull();
    expect(await load({ folder: String(foreignFolderId) })).toBeNull();
    expect(await load({ folder: '999999999' })).toBeNull();
    const refused = await firstListPage(getDb(), {
      actor: stranger,
      mailboxes,
      view: 'conversations',
      params: { folder: String(inboxId) },
      documentLoad: true,
    });
    expect(refused).toBeNull();
  });

  it('lets any other failure through rather than rendering the page without its list', async () => {
    let outcome: unknown = 'not called';
    await getDb()
      .transaction(async (tx) => {
        // PostgreSQL refuses every statement after a failed one in the same transaction.
        await tx.execute(sql`select 1 / 0`).catch(() => undefined);
        outcome = await firstListPage(tx, {
          actor: owner,
          mailboxes,
          view: 'messages',
          params: {},
          documentLoad: true,
        }).catch((error: unknown) => error);
      })
      .catch(() => undefined);
    expect(outcome).toBeInstanceOf(Error);
    expect(isAppError(outcome)).toBe(false);
  });
});

describe('firstInboxId', () => {
  it("finds the inbox of the first mailbox the user may read, and nothing in others' mailboxes", async () => {
    expect(await firstInboxId(getDb(), owner)).toBe(inboxId);
    expect(await firstInboxId(getDb(), stranger)).toBeNull();
  });
});
