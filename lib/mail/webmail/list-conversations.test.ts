import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailboxAccess, mailFolders, messages, threads } from '@/db/schema';
import { buildSearchVector } from '@/lib/search/search-vector';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { listConversations } from './list-conversations';
import type { MessageFilters } from './message-filters';

type UserActor = Extract<Actor, { kind: 'user' }>;
const MINUTE = 60_000;
const base = Date.parse('2026-09-01T08:00:00Z');

// A seeded generator, so a failing run prints a seed that replays it exactly (CONVERSATIONS_SEED=…).
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const seed = Number(process.env.CONVERSATIONS_SEED ?? Math.floor(Math.random() * 1e9));

let owner: UserActor;
let colleague: UserActor;
let stranger: UserActor;
let outsider: UserActor;
let orgId: string;
let mailboxId: string;
const folder: Record<'inbox' | 'sent' | 'archive', number> = { inbox: 0, sent: 0, archive: 0 };

beforeAll(async () => {
  const db = getDb();
  const org = await createTestOrg(db);
  orgId = org.id;
  const people = await Promise.all([0, 1, 2].map(() => createTestUser(db, { orgId: org.id })));
  const other = await createTestOrg(db);
  const foreign = await createTestUser(db, { orgId: other.id, role: 'admin' });
  const actors = people.map((u) => ({ kind: 'user' as const, userId: u.id, orgId: org.id, role: u.role }));
  [owner, colleague, stranger] = [actors[0]!, actors[1]!, actors[2]!];
  outsider = { kind: 'user', userId: foreign.id, orgId: other.id, role: 'admin' };
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  mailboxId = mailbox.id;
  for (const [key, path, specialUse] of [
    ['inbox', 'INBOX', 'inbox'],
    ['sent', 'Sent', 'sent'],
    ['archive', 'Archive', 'archive'],
  ] as const) {
    const [row] = await db
      .insert(mailFolders)
      .values({ orgId: org.id, mailboxId, path, name: path, specialUse, uidValidity: 1 })
      .returning();
    folder[key] = row!.id;
  }
  await db.insert(mailboxAccess).values({ orgId: org.id, mailboxId, userId: colleague.userId, level: 'read' });

  // Random conversations over three folders; each message a distinct minute, so "newest" is never a tie.
  const random = prng(seed);
  const threadIds: number[] = [];
  for (let t = 0; t < 45; t += 1) {
    const [row] = await db
      .insert(threads)
      .values({ orgId: org.id, mailboxId, firstAt: new Date(base), latestAt: new Date(base) })
      .returning({ id: threads.id });
    threadIds.push(row!.id);
  }
  const minutes = Array.from({ length: 400 }, (_, i) => i).sort(() => random() - 0.5);
  const folders = [folder.inbox, folder.inbox, folder.inbox, folder.sent, folder.archive];
  await db.insert(messages).values(
    minutes.map((minute, i) => ({
      orgId: org.id,
      mailboxId,
      folderId: folders[Math.floor(random() * folders.length)]!,
      uid: i + 1,
      threadId: threadIds[Math.floor(random() ** 2 * threadIds.length)]!,
      subject: `Subject ${i}`,
      snippet: `Snippet ${i}`,
      fromName: `Person ${i % 7}`,
      fromAddress: `p${i % 7}@example.test`,
      receivedAt: new Date(base + minute * MINUTE),
      seen: random() < 0.6,
      flagged: random() < 0.15,
      hasAttachments: random() < 0.2,
      hiddenFromWebmail: random() < 0.05,
      goneFromServerAt: random() < 0.05 ? new Date() : null,
      bodyState: 'complete' as const,
    })),
  );
  // Then changes after the import, as the triggers must follow them: moves, reads, deletions.
  const all = await db.select({ id: messages.id }).from(messages).where(eq(messages.mailboxId, mailboxId));
  const pick = (share: number) => all.filter(() => random() < share).map((m) => m.id);
  await db
    .update(messages)
    .set({ folderId: folder.archive })
    .where(inArray(messages.id, pick(0.08)));
  await db
    .update(messages)
    .set({ seen: sql`not ${messages.seen}` })
    .where(inArray(messages.id, pick(0.1)));
  await db.delete(messages).where(inArray(messages.id, pick(0.05)));
});
afterAll(closeDb);

/** The expected list from scratch: GROUP BY over the messages, newest conversation first. */
async function expected(folderId: number, match = sql`true`) {
  const result = await getDb().execute<{
    thread_id: number;
    latest_message_id: number;
    count: number;
    unread: number;
    flagged: boolean;
    total: number;
  }>(sql`
    select m.thread_id, (array_agg(m.id order by m.received_at desc, m.id desc))[1] as latest_message_id,
      count(*)::int as count, count(*) filter (where not m.seen)::int as unread, bool_or(m.flagged) as flagged,
      (select count(*)::int from messages x where x.thread_id = m.thread_id and not x.hidden_from_webmail
        and x.gone_from_server_at is null) as total
    from messages m
    where m.folder_id = ${folderId} and not m.hidden_from_webmail and m.gone_from_server_at is null and ${match}
    group by m.thread_id order by max(m.received_at) desc, m.thread_id desc`);
  return result.rows;
}

async function everyPage(actor: Actor, folderId: number, filters: MessageFilters = {}) {
  const random = prng(seed + folderId);
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await listConversations(getDb(), {
      actor,
      folderId,
      cursor,
      filters,
      limit: 1 + Math.floor(random() * 12),
    });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('listConversations', () => {
  it(`pages each folder by conversation exactly as a GROUP BY over its messages says (seed ${seed})`, async () => {
    for (const folderId of Object.values(folder)) {
      const want = await expected(folderId);
      const got = await everyPage(owner, folderId);
      expect(want.length).toBeGreaterThan(0);
      expect(
        got.map((c) => [c.threadId, c.latestMessageId, c.folderMessageCount, c.unreadCount, c.flagged, c.messageCount]),
        `seed ${seed}`,
      ).toEqual(want.map((r) => [r.thread_id, r.latest_message_id, r.count, r.unread, r.flagged, r.total]));
      for (const item of got) {
        expect(item.seen).toBe(item.unreadCount === 0);
        expect(item.subject).toBe(item.snippet.replace('Snippet', 'Subject'));
        expect(item.participants.length).toBeGreaterThan(0);
      }
    }
  });

  it(`filters find conversations with a matching message, each once, headed by the newest match (seed ${seed})`, async () => {
    const cases: Array<[MessageFilters, ReturnType<typeof sql>]> = [
      [{ status: ['unread'] }, sql`not m.seen`],
      [{ status: ['flagged'] }, sql`m.flagged`],
      [{ status: ['attachments', 'read'] }, sql`m.has_attachments and m.seen`],
      [{ after: new Date(base + 200 * MINUTE).toISOString() }, sql`m.received_at >= ${new Date(base + 200 * MINUTE)}`],
    ];
    for (const [filters, match] of cases) {
      const want = await expected(folder.inbox, match);
      const got = await everyPage(owner, folder.inbox, filters);
      expect(
        got.map((c) => [c.threadId, c.latestMessageId]),
        `${JSON.stringify(filters)} seed ${seed}`,
      ).toEqual(want.map((r) => [r.thread_id, r.latest_message_id]));
      // Badges and counts stay the conversation's in the folder, not only the matching messages'.
      const whole = new Map((await expected(folder.inbox)).map((r) => [r.thread_id, r]));
      for (const item of got) expect(item.folderMessageCount).toBe(whole.get(item.threadId)?.count);
    }
  });

  it('searches: a word in one message brings its conversation; in:all reaches the other folders', async () => {
    const db = getDb();
    const [target] = await db
      .select({ id: messages.id, threadId: messages.threadId })
      .from(messages)
      // A listed message: neither hidden nor gone from the server (the seed makes some of each).
      .where(
        and(
          eq(messages.folderId, folder.sent),
          eq(messages.hiddenFromWebmail, false),
          isNull(messages.goneFromServerAt),
        ),
      )
      .limit(1);
    await db
      .update(messages)
      .set({ searchVector: buildSearchVector({ subject: 'Quetzalcoatl invoice', people: [], body: 'pay' }) })
      .where(eq(messages.id, target!.id));
    const inSent = await listConversations(db, {
      actor: owner,
      folderId: folder.inbox,
      filters: { q: 'quetzal in:sent' },
    });
    expect(inSent.items.map((c) => [c.threadId, c.latestMessageId, c.folderId])).toEqual([
      [target!.threadId, target!.id, folder.sent],
    ]);
    const everywhere = await listConversations(db, {
      actor: colleague,
      folderId: folder.inbox,
      filters: { q: 'quetzal in:all' },
    });
    expect(everywhere.items.map((c) => c.threadId)).toEqual([target!.threadId]);
    expect(
      (await listConversations(db, { actor: owner, folderId: folder.inbox, filters: { q: 'quetzal' } })).items,
    ).toEqual([]);
  });

  it('is not found for anyone without a grant, and stops at once when a grant is revoked', async () => {
    const db = getDb();
    expect((await listConversations(db, { actor: colleague, folderId: folder.inbox })).items.length).toBeGreaterThan(0);
    for (const actor of [stranger, outsider])
      await expect(listConversations(db, { actor, folderId: folder.inbox })).rejects.toMatchObject({
        code: 'not_found',
      });
    await db
      .delete(mailboxAccess)
      .where(and(eq(mailboxAccess.mailboxId, mailboxId), eq(mailboxAccess.userId, colleague.userId)));
    await expect(listConversations(db, { actor: colleague, folderId: folder.inbox })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      listConversations(db, { actor: owner, folderId: folder.inbox, cursor: 'garbage' }),
    ).rejects.toMatchObject({ code: 'validation' });
    await db.insert(mailboxAccess).values({ orgId, mailboxId, userId: colleague.userId, level: 'read' });
  });
});
