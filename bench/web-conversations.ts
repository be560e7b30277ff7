// Used by bench/web.ts: the conversation list's cases (issue 20: p95 ≤ 20 ms on the 100,000-message INBOX).
// The seed threads its messages once loaded (thread_unthreaded_messages); its generated messages carry no
// References, so each is a conversation of its own: 100,000 conversations in the INBOX, the most rows a
// folder of that size can give the list to page through.
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailFolders, threadFolders } from '@/db/schema';
import type { Actor } from '@/lib/access/actor';
import { listConversations } from '@/lib/mail/webmail/list-conversations';
import { encodeCursor, type MessageFilters } from '@/lib/mail/webmail/message-filters';
import type { Case } from './web-measure';
import type { WebFixture } from './web-seed';

export async function conversationCases(db: Db, fixture: WebFixture, log: (message: string) => void): Promise<Case[]> {
  const actor: Extract<Actor, { kind: 'user' }> = {
    kind: 'user',
    userId: fixture.userId,
    orgId: fixture.orgId,
    role: fixture.role,
  };
  const folderId = fixture.bigFolderId;
  const list = (filters: MessageFilters = {}, cursor?: string) =>
    listConversations(db, { actor, folderId, filters, cursor }).then((page) => page.items.length);

  // Deep cursors reached as a scrolling client reaches them, page after page.
  const deep: string[] = [];
  let cursor: string | undefined;
  for (let page = 1; page < 110; page++) {
    const result = await listConversations(db, { actor, folderId, cursor });
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
    if (page + 1 >= 100) deep.push(cursor);
  }
  const unreadDeep: string[] = [];
  cursor = undefined;
  for (let page = 1; page < 25; page++) {
    const result = await listConversations(db, { actor, folderId, cursor, filters: { status: ['unread'] } });
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
    if (page + 1 >= 20) unreadDeep.push(cursor);
  }
  // The page before the last, made as the list makes its cursor, without walking every page to it.
  const [{ count } = { count: 0 }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(threadFolders)
    .where(and(eq(threadFolders.folderId, folderId), gt(threadFolders.messageCount, 0)));
  const [before] = await db
    .select({ latestAt: threadFolders.latestAt, threadId: threadFolders.threadId })
    .from(threadFolders)
    .where(and(eq(threadFolders.folderId, folderId), gt(threadFolders.messageCount, 0)))
    .orderBy(desc(threadFolders.latestAt), desc(threadFolders.threadId))
    .offset(Math.max(0, count - 51))
    .limit(1);
  const nearEnd = before ? encodeCursor({ receivedAt: before.latestAt.toISOString(), id: before.threadId }) : undefined;
  const [folder] = await db.select({ path: mailFolders.path }).from(mailFolders).where(eq(mailFolders.id, folderId));
  log(`conversation list: ${count.toLocaleString('en')} conversations in ${folder?.path ?? 'the folder'}`);

  const name = (text: string) => `conversations: ${text}`;
  return [
    { kind: 'list', name: name('first page'), call: () => list() },
    ...(deep.length
      ? [
          {
            kind: 'list' as const,
            name: name('page 100–109 (cursor)'),
            call: (i: number) => list({}, deep[i % deep.length]),
          },
        ]
      : []),
    ...(nearEnd ? [{ kind: 'list' as const, name: name('last pages (cursor)'), call: () => list({}, nearEnd) }] : []),
    { kind: 'list', name: name('status: unread'), call: () => list({ status: ['unread'] }) },
    ...(unreadDeep.length
      ? [
          {
            kind: 'list' as const,
            name: name('status: unread, page 20–24 (cursor)'),
            call: (i: number) => list({ status: ['unread'] }, unreadDeep[i % unreadDeep.length]),
          },
        ]
      : []),
    { kind: 'list', name: name('status: flagged'), call: () => list({ status: ['flagged'] }) },
    { kind: 'list', name: name('linked: task'), call: () => list({ linked: ['task'] }) },
    { kind: 'search', name: name('search "meeting"'), call: () => list({ q: 'meeting' }) },
    { kind: 'search', name: name('search "invoice payment"'), call: () => list({ q: 'invoice payment' }) },
  ];
}

type Recorder = { start: () => void; stop: () => Array<{ text: string; values: unknown[] }> };

/** EXPLAIN (ANALYZE, BUFFERS) of the statement a conversation case spends its time in (thread_folders or messages). */
export async function explainConversationCase(db: Db, recorder: Recorder, c: Case): Promise<string> {
  recorder.start();
  await c.call(0);
  const queries = recorder.stop();
  const main = queries.filter((q) => /from "(thread_folders|messages)"/i.test(q.text)).at(0);
  if (!main) return '(no statement on thread_folders or messages was recorded)';
  const client = await db.$client.connect();
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${main.text}`,
      main.values,
    );
    const params = main.values.map((v, i) => `$${i + 1} = ${JSON.stringify(v)}`).join(', ');
    return `${main.text}\n-- ${params}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`;
  } finally {
    client.release();
  }
}
