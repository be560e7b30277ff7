// Used by bench/web.ts: one organization whose single user owns five mailboxes holding 1,000,000 messages, the
// largest folder (the first mailbox's INBOX) 100,000 of them. Rows are generated inside PostgreSQL
// (`insert … select … from generate_series`), two folders at a time on two connections, with the indexes
// dropped during the load and rebuilt afterwards: building them once is several times cheaper than
// maintaining them row by row. The result is kept in the bench cluster and reused while the seed recipe and
// the migrations it was built on are unchanged.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Db } from '@/db/client';
import { mailFolders } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';

/** Bump when the generated data changes shape, so cached clusters are rebuilt. */
const SEED_VERSION = 4;

export type WebFixture = {
  orgId: string;
  userId: string;
  role: 'admin' | 'employee';
  email: string;
  password: string;
  /** The 100,000-message INBOX. */
  bigFolderId: number;
  bigFolderCount: number;
  totalMessages: number;
  unreadMessages: number;
  folderCount: number;
  mailboxCount: number;
  /** received_at of the newest message; date-range cases are relative to it, not to the clock. */
  newestAt: string;
  seededAt: string;
  seedSeconds: number;
};

type FolderPlan = {
  path: string;
  name: string;
  specialUse: 'inbox' | 'sent' | 'drafts' | 'junk' | 'trash' | 'archive' | null;
  count: number;
};

// 1,000,000 in all; no other folder reaches the INBOX's 100,000, so "the 100k folder" is the largest one.
const MAILBOX_PLANS: FolderPlan[][] = [
  [
    { path: 'INBOX', name: 'Inbox', specialUse: 'inbox', count: 100_000 },
    { path: 'Sent', name: 'Sent', specialUse: 'sent', count: 40_000 },
    { path: 'Archive', name: 'Archive', specialUse: 'archive', count: 98_000 },
    { path: 'Archive/2024', name: '2024', specialUse: null, count: 97_000 },
    { path: 'Trash', name: 'Trash', specialUse: 'trash', count: 20_000 },
    { path: 'Junk', name: 'Junk', specialUse: 'junk', count: 10_000 },
    { path: 'Drafts', name: 'Drafts', specialUse: 'drafts', count: 500 },
    { path: 'Projects/Acme', name: 'Acme', specialUse: null, count: 4_500 },
  ],
  [
    { path: 'INBOX', name: 'Inbox', specialUse: 'inbox', count: 90_000 },
    { path: 'Sent', name: 'Sent', specialUse: 'sent', count: 30_000 },
    { path: 'Archive', name: 'Archive', specialUse: 'archive', count: 95_000 },
    { path: 'Archive/Old', name: 'Old', specialUse: null, count: 55_000 },
  ],
  [
    { path: 'INBOX', name: 'Inbox', specialUse: 'inbox', count: 80_000 },
    { path: 'Archive', name: 'Archive', specialUse: 'archive', count: 99_000 },
    { path: 'Sent', name: 'Sent', specialUse: 'sent', count: 21_000 },
  ],
  [
    { path: 'INBOX', name: 'Inbox', specialUse: 'inbox', count: 60_000 },
    { path: 'Archive', name: 'Archive', specialUse: 'archive', count: 50_000 },
  ],
  [
    { path: 'INBOX', name: 'Inbox', specialUse: 'inbox', count: 40_000 },
    { path: 'Newsletters', name: 'Newsletters', specialUse: null, count: 10_000 },
  ],
];

// BENCH_WEB_SCALE=0.01 shrinks every folder for a quick smoke run of the script itself; figures are only
// meaningful at 1.
const SCALE = Number(process.env.BENCH_WEB_SCALE ?? 1);
const scaled = (count: number) => Math.max(1, Math.round(count * SCALE));

export const TOTAL_MESSAGES = MAILBOX_PLANS.flat().reduce((sum, f) => sum + scaled(f.count), 0);

// The most frequent words of business mail, most frequent first: they take the top ranks of the Zipf-like
// vocabulary, so the benchmark can name a common term ("meeting") and the stop words are as frequent as in
// real mail (the app indexes every word; there is no stop list).
const COMMON_WORDS = (
  'the to and of a in for is on you that this with i be it we your are have at will as please from not can ' +
  'if our by me any all would us or an thanks my re do so know let but was has up out more about there they ' +
  'meeting time new get here what just which one when also like need see call team work project next week ' +
  'today update thank best regards hi hello information attached report following review file email ' +
  'invoice order payment account price contract client customer meeting schedule monday tuesday wednesday ' +
  'thursday friday budget quarter sales marketing design draft final proposal agenda notes minutes office ' +
  'document question answer issue problem support request ticket release version feature deploy server ' +
  'shipping delivery product service quote offer discount renewal subscription confirm confirmed approval ' +
  'approve signed signature deadline tomorrow morning afternoon evening lunch dinner travel flight hotel ' +
  'conference presentation slides spreadsheet summary feedback comments changes plan strategy roadmap ' +
  'launch campaign newsletter webinar event registration training onboarding hiring interview candidate ' +
  'salary holiday vacation leave policy legal compliance security password login access backup storage'
).split(' ');

// Pronounceable made-up words for the long tail (ranks after the common words): three syllables of 40
// give 64,000 distinct words. The word of a rank is computed, in SQL and here alike, rather than looked up
// in a 50,000-element array: PostgreSQL finds element k of a text[] by walking the k before it.
const COMMON = [...new Set(COMMON_WORDS)];
const SYLLABLES =
  'ka ke ki ko ku ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu la le li lo lu'.split(
    ' ',
  );
const VOCABULARY_SIZE = 50_000;

/** The word of a vocabulary rank (1 = most frequent); `rankWordSql` is the same in SQL. */
export function rankWord(rank: number): string {
  if (rank <= COMMON.length) return COMMON[rank - 1]!;
  const n = rank - COMMON.length - 1;
  const s = SYLLABLES.length;
  return `${SYLLABLES[n % s]}${SYLLABLES[Math.floor(n / s) % s]}${SYLLABLES[Math.floor(n / (s * s)) % s]}`;
}

/** How many messages of `total` (each with ~`wordsPerMessage` words) are expected to contain the word of `rank`. */
export function expectedDocuments(rank: number, total: number, wordsPerMessage = 80): number {
  const harmonic = Math.log(VOCABULARY_SIZE) + 0.5772;
  return total * (1 - (1 - 1 / (rank * harmonic)) ** wordsPerMessage);
}

// $12: the common words, $13: the syllables (both short arrays, so subscripts are cheap).
const rankWordSql = (k: string) => `(case when ${k} <= cardinality($12::text[]) then ($12::text[])[${k}]
  else ($13::text[])[1 + (${k} - cardinality($12::text[]) - 1) % 40] || ($13::text[])[1 + ((${k} - cardinality($12::text[]) - 1) / 40) % 40]
    || ($13::text[])[1 + ((${k} - cardinality($12::text[]) - 1) / 1600) % 40] end)`;
// `count` words drawn with P(rank r) ∝ 1/r: floor(N^u) for a uniform u.
const zipfWordsSql = (count: string) =>
  `(select string_agg(${rankWordSql('r.k')}, ' ') from (select floor(pow(${VOCABULARY_SIZE}, random()))::int as k from generate_series(1, ${count})) r)`;

const FIRST_NAMES =
  'anna ben carla david emma felix gina hugo iris jonas kira leon mia noah olga paul rosa sam tina ulf vera walter xenia yusuf zoe alice bob chen diana erik fatima george hana ivan julia karl lena marco nina oscar petra quinn rafael sofia tom ursula victor wanda yara zane amir bianca'.split(
    ' ',
  );
const LAST_NAMES =
  'smith mueller garcia rossi novak tanaka kim nguyen silva jensen kowalski dubois fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf neumann schwarz zimmermann braun krueger hartmann lange werner krause lehmann schmitt walter maier koehler herrmann walsh murphy obrien kelly ryan byrne lopez martin perez sanchez ramirez torres flores rivera gomez diaz reyes cruz morales ortiz gutierrez chavez ramos ruiz alvarez mendoza castillo jimenez moreno romero herrera medina aguilar vargas'.split(
    ' ',
  );
const DOMAINS =
  'acme.example globex.example initech.example umbrella.example hooli.example vandelay.example wayne.example stark.example wonka.example cyberdyne.example soylent.example tyrell.example aperture.example massive.example oscorp.example gringotts.example contoso.example fabrikam.example northwind.example tailspin.example litware.example adventure.example fourthcoffee.example woodgrove.example proseware.example lucerne.example wingtip.example margie.example alpine.example blue.example coho.example humongous.example litware.example mail.example news.example shop.example bank.example'.split(
    ' ',
  );

/** A digest of every migration file, so a cached cluster built on other migrations is not trusted. */
function migrationDigests(): Record<string, string> {
  const dir = path.join(process.cwd(), 'db', 'migrations');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
  );
}

type Meta = { version: number; totalMessages: number; migrations: Record<string, string>; fixture: WebFixture };

async function readMeta(client: pg.Client): Promise<Meta | null> {
  // A fresh database has neither the meta table nor, before migrations, the messages table.
  const { rows: exists } = await client.query<{ ok: boolean }>(
    "select to_regclass('bench_web_meta') is not null and to_regclass('messages') is not null as ok",
  );
  if (!exists[0]?.ok) return null;
  const { rows } = await client.query<{ meta: Meta }>('select meta from bench_web_meta where id = 1');
  return rows[0]?.meta ?? null;
}

export type CacheDecision = { reuse: true; fixture: WebFixture } | { reuse: false; reason: string };

/**
 * Whether the seeded data in the database can be reused: same recipe, same row count, and every migration it
 * was built on unchanged (new migrations are fine: runMigrations applies them to the seeded data, which is
 * what a schema change on a live instance does too).
 */
export async function checkSeedCache(url: string): Promise<CacheDecision> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const meta = await readMeta(client);
    if (!meta) return { reuse: false, reason: 'no seeded data' };
    if (meta.totalMessages !== TOTAL_MESSAGES)
      return { reuse: false, reason: `seeded ${meta.totalMessages} messages, want ${TOTAL_MESSAGES}` };
    if (meta.version !== SEED_VERSION)
      return { reuse: false, reason: `seed recipe changed (v${meta.version} → v${SEED_VERSION})` };
    const current = migrationDigests();
    const changed = Object.entries(meta.migrations)
      .filter(([file, digest]) => current[file] !== digest)
      .map(([file]) => file);
    if (changed.length) return { reuse: false, reason: `migrations changed since seeding: ${changed.join(', ')}` };
    const { rows } = await client.query<{ n: string }>('select count(*)::text as n from messages');
    if (Number(rows[0]?.n) !== meta.totalMessages)
      return { reuse: false, reason: `row count ${rows[0]?.n} ≠ ${meta.totalMessages}` };
    return { reuse: true, fixture: meta.fixture };
  } finally {
    await client.end();
  }
}

/** Statements run on a connection of its own, logged to stderr as they finish (seeding takes minutes). */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-web-seed' });
  await client.connect();
  client.on('notice', () => {});
  try {
    // Bulk-load settings for this session only: no per-row foreign-key triggers (the ids are ours and valid),
    // no waiting for WAL flushes, and room to build the GIN index in memory.
    await client.query(
      "set session_replication_role = replica; set synchronous_commit = off; set maintenance_work_mem = '1GB'; set work_mem = '256MB'",
    );
    return await work(client);
  } finally {
    await client.end();
  }
}

const log = (message: string) => process.stderr.write(`[bench:web seed] ${message}\n`);

// One folder's rows. Everything is drawn inside PostgreSQL: word ranks follow P(r) ∝ 1/r (floor(N^u) for a
// uniform u), senders too, so there are a few very frequent and very many rare terms and senders. Each
// scalar subquery mentions g.i so it runs per row instead of once as an InitPlan.
const INSERT_FOLDER = `
insert into messages (org_id, mailbox_id, folder_id, uid, message_id_header, subject, from_address, from_name,
  to_addresses, sent_at, received_at, seen, flagged, answered, size, snippet, has_attachments, body_state,
  hidden_from_webmail, link_kinds, search_vector)
select $1::uuid, $2::uuid, $3::bigint, g.i, format('<%s.%s@bench.example>', g.i, $3::bigint),
  w.subject, p.address, p.name,
  jsonb_build_array(jsonb_build_object('name', '', 'address', $4::text)),
  t.at - interval '9 seconds', t.at,
  random() >= $6::float8, random() < 0.05, random() < 0.10, 2000 + (random() * random() * 200000)::int,
  left(w.body, 160), random() < 0.20, 'complete', random() < 0.002,
  case when random() < 0.04 then array[(enum_range(null::message_link_kind))[1 + floor(random() * 5)::int]] else '{}' end,
  setweight(to_tsvector('simple', w.subject), 'A')
    || setweight(to_tsvector('simple', p.name || ' ' || translate(p.address, '.@', '  ') || ' ' || $9::text), 'B')
    || setweight(to_tsvector('simple', w.body), 'C')
from generate_series(1, $5::int) as g(i)
cross join lateral (
  -- Evenly spread over two years ending at $10, oldest first so UIDs grow with time, with jitter below the spacing.
  select $10::timestamptz - interval '730 days' * (($5::int - g.i + random()) / $5::int) as at
) t
cross join lateral (select floor(pow(5000, random()))::int + g.i * 0 as s) sender
cross join lateral (
  select initcap(($7::text[])[1 + sender.s % cardinality($7::text[])]) || ' ' || initcap(($8::text[])[1 + (sender.s / 60) % cardinality($8::text[])]) as name,
         ($7::text[])[1 + sender.s % cardinality($7::text[])] || '.' || ($8::text[])[1 + (sender.s / 60) % cardinality($8::text[])] || '@' ||
           ($11::text[])[1 + sender.s % cardinality($11::text[])] as address
) p
cross join lateral (
  select
    (case when g.i % 4 = 0 then 'Re: ' else '' end) ||
      ${zipfWordsSql('3 + g.i % 6')} as subject,
    ${zipfWordsSql('40 + (g.i * 7919) % 61')} as body
) w`;

type PlannedFolder = FolderPlan & { folderId: number; mailboxId: string; mailboxEmail: string };

/** Drops every index of `messages` but its primary key and returns their definitions to recreate them. */
async function dropMessageIndexes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as def from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = 'messages'::regclass and not x.indisprimary`,
  );
  for (const row of rows) await client.query(`drop index "${row.name}"`);
  return rows.map((r) => r.def);
}

export async function seed(db: Db, url: string): Promise<WebFixture> {
  const started = performance.now();
  await withClient(url, async (client) => {
    // A fresh start: the benchmark's database holds nothing else. Deleting organizations cascades to all.
    await client.query('truncate organizations cascade');
    await client.query('create table if not exists bench_web_meta (id int primary key, meta jsonb not null)');
    await client.query('delete from bench_web_meta');
    // Fewer checkpoints while ~2 GB of rows and indexes are written; this cluster is the benchmark's own.
    await client.query("alter system set max_wal_size = '8GB'");
    await client.query('select pg_reload_conf()');
  });

  // Professional: ten mailboxes per employee, so five owned by one user is within the plan.
  const org = await createTestOrg(db, { name: 'Bench web org', plan: 'professional' });
  const user = await createTestUser(db, {
    orgId: org.id,
    role: 'employee',
    email: 'bench-web@bench.example',
    name: 'Bench User',
  });
  const planned: PlannedFolder[] = [];
  for (const [index, folders] of MAILBOX_PLANS.entries()) {
    const mailbox = await createTestMailbox(db, {
      orgId: org.id,
      ownerUserId: user.id,
      email: `box${index + 1}@bench.example`,
      connectedAt: new Date(Date.now() - (10 - index) * 60_000),
    });
    for (const unscaled of folders) {
      const folder = { ...unscaled, count: scaled(unscaled.count) };
      const [row] = await db
        .insert(mailFolders)
        .values({
          orgId: org.id,
          mailboxId: mailbox.id,
          path: folder.path,
          name: folder.name,
          specialUse: folder.specialUse,
          uidValidity: 1,
          uidNext: folder.count + 1,
          delimiter: '/',
        })
        .returning({ id: mailFolders.id });
      planned.push({ ...folder, folderId: row!.id, mailboxId: mailbox.id, mailboxEmail: mailbox.email });
    }
  }

  const indexDefinitions = await withClient(url, dropMessageIndexes);
  const newestAt = new Date();
  // Largest folders first, so the two connections finish at about the same time.
  const queue = [...planned].sort((a, b) => b.count - a.count);
  const loadStarted = performance.now();
  const worker = () =>
    withClient(url, async (client) => {
      for (let folder = queue.shift(); folder; folder = queue.shift()) {
        const t = performance.now();
        // Sent mail was read by its author; elsewhere ~30% is unread.
        const unreadShare = folder.specialUse === 'sent' || folder.specialUse === 'drafts' ? 0 : 0.3;
        await client.query(INSERT_FOLDER, [
          org.id,
          folder.mailboxId,
          folder.folderId,
          folder.mailboxEmail,
          folder.count,
          unreadShare,
          FIRST_NAMES,
          LAST_NAMES,
          folder.mailboxEmail.replace(/[.@]/g, ' '),
          newestAt.toISOString(),
          DOMAINS,
          COMMON,
          SYLLABLES,
        ]);
        log(
          `${folder.mailboxEmail} ${folder.path}: ${folder.count} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`,
        );
      }
    });
  await Promise.all([worker(), worker()]);
  log(
    `rows loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s; rebuilding ${indexDefinitions.length} indexes`,
  );

  // The GIN index is most of the work; the b-trees are built meanwhile on the other connection.
  const indexStarted = performance.now();
  const gin = indexDefinitions.filter((d) => /using gin/i.test(d));
  const others = indexDefinitions.filter((d) => !/using gin/i.test(d));
  const build = (defs: string[]) => () =>
    withClient(url, async (client) => {
      for (const def of defs) {
        const t = performance.now();
        await client.query(def);
        log(`${def.replace(/ ON .*/i, '')} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
    });
  await Promise.all([build(gin)(), build(others)()]);
  log(`indexes in ${((performance.now() - indexStarted) / 1000).toFixed(1)} s`);

  // The bulk load ran with triggers off: conversations (threads, thread_refs, thread_folders) are made in one pass.
  const threadsStarted = performance.now();
  const threadCount = await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>('select thread_unthreaded_messages() as n');
    return rows[0]!.n;
  });
  log(`${threadCount} threads in ${((performance.now() - threadsStarted) / 1000).toFixed(1)} s`);

  // VACUUM sets the visibility map as autovacuum would on a settled instance, so index-only scans (the unread
  // counts) are measured as they run in steady state, and ANALYZE gives the planner real statistics.
  const vacuumStarted = performance.now();
  const counts = await withClient(url, async (client) => {
    await client.query('vacuum (analyze) messages');
    await client.query('analyze');
    await client.query('checkpoint');
    const { rows } = await client.query<{ total: number; unread: number }>(
      'select count(*)::int as total, (count(*) filter (where not seen and not hidden_from_webmail))::int as unread from messages',
    );
    return rows[0]!;
  });
  log(`vacuum + analyze in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);

  const big = planned[0]!;
  const fixture: WebFixture = {
    orgId: org.id,
    userId: user.id,
    role: user.role,
    email: user.email,
    password: user.password,
    bigFolderId: big.folderId,
    bigFolderCount: big.count,
    totalMessages: counts.total,
    unreadMessages: counts.unread,
    folderCount: planned.length,
    mailboxCount: MAILBOX_PLANS.length,
    newestAt: newestAt.toISOString(),
    seededAt: new Date().toISOString(),
    seedSeconds: (performance.now() - started) / 1000,
  };
  await withClient(url, async (client) => {
    const meta: Meta = { version: SEED_VERSION, totalMessages: counts.total, migrations: migrationDigests(), fixture };
    await client.query('insert into bench_web_meta (id, meta) values (1, $1)', [JSON.stringify(meta)]);
  });
  return fixture;
}
