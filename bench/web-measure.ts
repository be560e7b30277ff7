// Used by bench/web.ts: times the webmail's list, search and unread-count functions against the seeded
// database, through the real lib functions (no mocks), and captures the SQL each one sends so the slowest
// case of each kind can be run again under EXPLAIN (ANALYZE, BUFFERS).
import { and, desc, eq, not } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '@/db/client';
import { messages } from '@/db/schema';
import type { Actor } from '@/lib/access/actor';
import { listMailFolders } from '@/lib/mail/webmail/list-mail-folders';
import { listMessages } from '@/lib/mail/webmail/list-messages';
import { encodeCursor, type MessageFilters } from '@/lib/mail/webmail/message-filters';
import { expectedDocuments, rankWord, type WebFixture } from './web-seed';

export type Kind = 'list' | 'search' | 'unread counts';

export type Timing = { kind: Kind; name: string; p50: number; p95: number; max: number; rows: number; runs: number };

type Query = { text: string; values: unknown[] };

/**
 * Remembers the statements sent through the pool while `recording` is on. node-postgres's Pool.query is
 * what drizzle calls for every statement outside a transaction, which is every statement of these functions.
 */
export function recordQueries(pool: pg.Pool): { recording: Query[] | null; start: () => void; stop: () => Query[] } {
  const recorder = {
    recording: null as Query[] | null,
    start() {
      recorder.recording = [];
    },
    stop() {
      const queries = recorder.recording ?? [];
      recorder.recording = null;
      return queries;
    },
  };
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [first, second] = args;
    if (recorder.recording) {
      if (typeof first === 'string')
        recorder.recording.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first === 'object' && 'text' in first) {
        // drizzle passes the statement as a config object and its parameters as the second argument.
        const config = first as { text: string; values?: unknown[] };
        recorder.recording.push({ text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) });
      }
    }
    return original(...args);
  };
  return recorder;
}

function percentile(sorted: number[], p: number): number {
  // Nearest rank: the value at or below which p% of the runs fall.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// A case far off its target would otherwise take minutes (200 × 1 s); past the budget, 30 runs still give a
// usable p95.
const MIN_RUNS = 30;

async function time(
  kind: Kind,
  name: string,
  options: { runs: number; warmup: number; budgetMs: number },
  run: (i: number) => Promise<number>,
): Promise<Timing> {
  let rows = 0;
  for (let i = 0; i < options.warmup; i++) rows = await run(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.runs && (i < MIN_RUNS || performance.now() - started < options.budgetMs); i++) {
    const t = performance.now();
    rows = await run(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return {
    kind,
    name,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: samples.at(-1)!,
    rows,
    runs: samples.length,
  };
}

export type Case = { kind: Kind; name: string; call: (i: number) => Promise<number> };

const DAY = 86_400_000;

export async function buildCases(db: Db, fixture: WebFixture, log: (message: string) => void): Promise<Case[]> {
  const actor: Extract<Actor, { kind: 'user' }> = {
    kind: 'user',
    userId: fixture.userId,
    orgId: fixture.orgId,
    role: fixture.role,
  };
  const folderId = fixture.bigFolderId;
  const list = (filters: MessageFilters = {}, cursor?: string) =>
    listMessages(db, { actor, folderId, filters, cursor }).then((page) => page.items.length);

  // Cursors deep in the folder, reached the way a scrolling client reaches them: page after page.
  const pageSize = 50;
  const deep: string[] = [];
  let cursor: string | undefined;
  const followStarted = performance.now();
  for (let page = 1; page < 110; page++) {
    const result = await listMessages(db, { actor, folderId, cursor });
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
    // `cursor` now opens page `page + 1`.
    if (page + 1 >= 100) deep.push(cursor);
  }
  log(
    `followed the cursor through ${deep.length ? 109 : 'fewer than 100'} pages in ${((performance.now() - followStarted) / 1000).toFixed(1)} s`,
  );
  // The cursor of a page near the end, made as listMessages makes it (the last row of the page before),
  // without walking ~2,000 pages to get there.
  const lastPage = Math.ceil(fixture.bigFolderCount / pageSize);
  const [before] = await db
    .select({ receivedAt: messages.receivedAt, id: messages.id })
    .from(messages)
    .where(and(eq(messages.folderId, folderId), not(messages.hiddenFromWebmail)))
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .offset((lastPage - 2) * pageSize - 1)
    .limit(1);
  const nearEnd =
    lastPage > 110 && before ? encodeCursor({ receivedAt: before.receivedAt.toISOString(), id: before.id }) : undefined;

  const newest = Date.parse(fixture.newestAt);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Zipf ranks of the generated vocabulary: the common word is a real one, the rare one a made-up word
  // expected in ~0.02% of messages.
  const common = 'meeting';
  const rareRank = 40_000;
  const rare = rankWord(rareRank);
  log(
    `rare term "${rare}" (rank ${rareRank}, ~${expectedDocuments(rareRank, fixture.totalMessages).toFixed(0)} messages expected in the database)`,
  );

  return [
    { kind: 'list', name: 'first page', call: () => list() },
    ...(deep.length
      ? [{ kind: 'list' as const, name: `page 100–109 (cursor)`, call: (i: number) => list({}, deep[i % deep.length]) }]
      : []),
    ...(nearEnd
      ? [{ kind: 'list' as const, name: `page ${lastPage - 1} of ${lastPage} (cursor)`, call: () => list({}, nearEnd) }]
      : []),
    { kind: 'list', name: 'status: unread', call: () => list({ status: ['unread'] }) },
    { kind: 'list', name: 'status: flagged', call: () => list({ status: ['flagged'] }) },
    { kind: 'list', name: 'status: attachments', call: () => list({ status: ['attachments'] }) },
    { kind: 'list', name: 'status: unread+flagged', call: () => list({ status: ['unread', 'flagged'] }) },
    { kind: 'list', name: 'date: last 7 days', call: () => list({ after: iso(newest - 7 * DAY) }) },
    {
      kind: 'list',
      name: 'date: a month a year ago',
      call: () => list({ after: iso(newest - 365 * DAY), before: iso(newest - 335 * DAY) }),
    },
    { kind: 'list', name: 'linked: task', call: () => list({ linked: ['task'] }) },
    {
      kind: 'list',
      name: 'linked: any kind',
      call: () => list({ linked: ['task', 'crm', 'calendar', 'chat', 'feed'] }),
    },
    {
      kind: 'list',
      name: 'flagged, page 2',
      call: async () => {
        const first = await listMessages(db, { actor, folderId, filters: { status: ['flagged'] } });
        return first.nextCursor ? list({ status: ['flagged'] }, first.nextCursor) : 0;
      },
    },
    { kind: 'search', name: `common term "${common}"`, call: () => list({ q: common }) },
    { kind: 'search', name: `rare term "${rare}"`, call: () => list({ q: rare }) },
    { kind: 'search', name: 'two terms "invoice payment"', call: () => list({ q: 'invoice payment' }) },
    {
      kind: 'search',
      name: `common + rare "meeting ${rankWord(3_000)}"`,
      call: () => list({ q: `meeting ${rankWord(3_000)}` }),
    },
    { kind: 'search', name: 'prefix "pro"', call: () => list({ q: 'pro' }) },
    { kind: 'search', name: 'short prefix "ka"', call: () => list({ q: 'ka' }) },
    { kind: 'search', name: 'sender "garcia"', call: () => list({ q: 'garcia' }) },
    { kind: 'search', name: `"${common}" + unread`, call: () => list({ q: common, status: ['unread'] }) },
    {
      kind: 'search',
      name: `"${rankWord(3_000)}" + attachments`,
      call: () => list({ q: rankWord(3_000), status: ['attachments'] }),
    },
    // The search box's operators (lib/search/parse-search-query): the same vector and index, then a check of
    // the field or phrase on the rows the index found.
    { kind: 'search', name: 'operator "from:garcia"', call: () => list({ q: 'from:garcia' }) },
    { kind: 'search', name: `operator "subject:${common}"`, call: () => list({ q: `subject:${common}` }) },
    { kind: 'search', name: 'phrase ""invoice payment""', call: () => list({ q: '"invoice payment"' }) },
    {
      kind: 'search',
      name: `"${common} is:unread has:attachment"`,
      call: () => list({ q: `${common} is:unread has:attachment` }),
    },
    { kind: 'search', name: `"in:all ${rare}"`, call: () => list({ q: `in:all ${rare}` }) },
    { kind: 'search', name: `"in:all ${common}"`, call: () => list({ q: `in:all ${common}` }) },
    {
      kind: 'unread counts',
      name: `listMailFolders (${fixture.mailboxCount} mailboxes, ${fixture.folderCount} folders)`,
      call: () => listMailFolders(db, { actor }).then((boxes) => boxes.length),
    },
  ];
}

export async function runCases(
  cases: Case[],
  options: { runs: number; warmup: number; budgetMs: number; log: (message: string) => void },
): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const c of cases) {
    const timing = await time(c.kind, c.name, options, c.call);
    options.log(
      `${c.kind} / ${c.name}: p50 ${timing.p50.toFixed(2)} ms, p95 ${timing.p95.toFixed(2)} ms, max ${timing.max.toFixed(2)} ms (${timing.rows} rows, ${timing.runs} runs)`,
    );
    timings.push(timing);
  }
  return timings;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statement that reads `messages` in one call of a case: the statement that
 * does the work (the others look up one folder and one mailbox by primary key).
 */
export async function explainCase(db: Db, recorder: ReturnType<typeof recordQueries>, c: Case): Promise<string> {
  recorder.start();
  await c.call(0);
  const queries = recorder.stop();
  const main = queries.filter((q) => /from "messages"/i.test(q.text)).at(-1);
  if (!main) return '(no statement on messages was recorded)';
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
