// `npm run bench:purge` (issue 7): 1,000,000 messages with bodies and attachment rows, 300,000 of them past
// the trial's 30 days and 10 % of those linked (half to tasks, half to the CRM). Measures the purge rate, that
// no linked message is lost, and the list endpoint's query p95 while the purge runs against its p95 without.
// An embedded PostgreSQL of its own under .data/bench-purge, seeded afresh each run (the purge consumes it).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '@/scripts/free-port';

const { values: args } = parseArgs({
  options: {
    total: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '200' },
    batch: { type: 'string', default: '5000' },
    interval: { type: 'string', default: '20' },
  },
});
const TOTAL = Number(args.total);
const EXPIRED = Math.round(TOTAL * 0.3);
const FOLDERS = 10;
const DAY = 24 * 60 * 60 * 1000;
const log = (line: string) => process.stdout.write(`${line}\n`);

const dataDir = path.join(process.cwd(), '.data', 'bench-purge');
rmSync(dataDir, { recursive: true, force: true });
const { startEmbeddedPostgres } = await import('@/db/embedded');
const cluster = await startEmbeddedPostgres({
  dataDir,
  port: await freePort(),
  database: 'bench_purge',
  ephemeral: true,
});
process.env.DATABASE_URL = cluster.url;
const { ensureSecrets } = await import('@/lib/env');
ensureSecrets();
const { runMigrations } = await import('@/db/migrate');
const { closeDb, getDb } = await import('@/db/client');
const { createTestMailbox, createTestOrg, createTestUser } = await import('@/test/factories');
const { listMessages } = await import('@/lib/mail/webmail/list-messages');
const { purgeOrganization } = await import('@/lib/retention/purge-organization');
const { sql } = await import('drizzle-orm');

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

try {
  await runMigrations(cluster.url);
  const db = getDb();
  const seedStarted = Date.now();
  const org = await createTestOrg(db, { plan: 'trial' });
  const user = await createTestUser(db, { orgId: org.id });
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id });
  const now = new Date();
  // Ages spread evenly so that exactly EXPIRED messages fall before now − 30 days.
  const spanMs = (30 * DAY * TOTAL) / (TOTAL - EXPIRED);
  const perFolder = TOTAL / FOLDERS;
  const folderIds: number[] = [];
  for (let f = 0; f < FOLDERS; f += 1) {
    const rows = await db.execute<{ id: number }>(sql`
      insert into mail_folders (org_id, mailbox_id, path, name, special_use, uid_validity)
      values (${org.id}, ${mailbox.id}, ${f === 0 ? 'INBOX' : `Folder ${f}`}, ${f === 0 ? 'Inbox' : `Folder ${f}`}, ${f === 0 ? sql`'inbox'::folder_special_use` : sql`null`}, 1) returning id`);
    folderIds.push(Number(rows.rows[0]!.id));
  }
  for (const [f, folderId] of folderIds.entries()) {
    // Message i of the whole set (folders interleaved) is i/TOTAL of the span old.
    await db.execute(sql`
      insert into messages (org_id, mailbox_id, folder_id, uid, subject, from_address, received_at, snippet, body_state, has_attachments, search_vector)
      select ${org.id}, ${mailbox.id}, ${folderId}, g, 'Quarterly report ' || g, 'sender' || (g % 500) || '@example.test',
             ${now}::timestamptz - (((g - 1) * ${FOLDERS} + ${f}) * ${spanMs / TOTAL}::float8) * interval '1 millisecond',
             'A short preview of the message text', 'complete', g % 10 = 3,
             to_tsvector('simple', 'Quarterly report ' || g || ' invoice meeting schedule')
      from generate_series(1, ${perFolder}) g`);
    await db.execute(sql`
      insert into message_bodies (message_id, org_id, text_body, headers)
      select id, org_id, repeat('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 8), '[]'::jsonb from messages where folder_id = ${folderId}`);
    await db.execute(sql`
      insert into attachments (org_id, message_id, position, filename, content_type, size)
      select org_id, id, 0, 'report.pdf', 'application/pdf', 120000 from messages where folder_id = ${folderId} and has_attachments`);
    log(`seeded folder ${f + 1}/${FOLDERS}`);
  }
  const cutoff = new Date(now.getTime() - 30 * DAY);
  // 10 % of the expired messages are linked: every 20th to a task, every 20th (offset by 10) to the CRM.
  await db.execute(sql`
    with picked as (select id, case when id % 20 = 0 then 'task' else 'crm' end::message_link_kind as kind
                    from messages where received_at < ${cutoff} and id % 10 = 0)
    insert into message_links (org_id, message_id, kind, target_id) select ${org.id}, id, kind, 'bench-' || kind from picked`);
  await db.execute(
    sql`update messages m set link_kinds = array[l.kind] from message_links l where l.message_id = m.id`,
  );
  await db.execute(sql`vacuum analyze`);
  const counts = (
    await db.execute<{ expired: number; linked: number; total: number }>(sql`
    select count(*) filter (where received_at < ${cutoff})::int as expired,
           count(*) filter (where received_at < ${cutoff} and cardinality(link_kinds) > 0)::int as linked,
           count(*)::int as total from messages`)
  ).rows[0]!;
  log(
    `seeded ${counts.total.toLocaleString('en')} messages (${counts.expired.toLocaleString('en')} expired, ${counts.linked.toLocaleString('en')} of them linked) in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`,
  );

  const actor = { kind: 'user' as const, userId: user.id, orgId: org.id, role: user.role };
  const listOnce = async () => {
    const started = performance.now();
    await listMessages(db, { actor, folderId: folderIds[0]!, filters: {} });
    return performance.now() - started;
  };
  const runs = Number(args.runs);
  const idle: number[] = [];
  for (let i = 0; i < runs; i += 1) idle.push(await listOnce());

  const during: number[] = [];
  let purging = true;
  const purgeStarted = performance.now();
  const purge = purgeOrganization(db, { org, now, batchSize: Number(args.batch) }).finally(() => {
    purging = false;
  });
  // People opening their inbox meanwhile: one list every `interval` ms (50 a second by default), not a
  // tight loop that would itself take one of the machine's two cores from the purge.
  while (purging) {
    during.push(await listOnce());
    await new Promise((resolve) => setTimeout(resolve, Number(args.interval)));
  }
  const report = await purge;
  const seconds = (performance.now() - purgeStarted) / 1000;

  const after = (
    await db.execute<{ linked: number; unlinkedExpired: number }>(sql`
    select count(*) filter (where cardinality(link_kinds) > 0 and received_at < ${cutoff})::int as linked,
           count(*) filter (where cardinality(link_kinds) = 0 and received_at < ${cutoff})::int as "unlinkedExpired" from messages`)
  ).rows[0]!;
  const rate = (report.deleted + report.hidden) / seconds;
  const idleP95 = percentile(idle, 95);
  const duringP95 = percentile(during, 95);
  log('');
  log('| measure | figure | target |');
  log('|---|---|---|');
  log(
    `| purge: ${report.deleted.toLocaleString('en')} deleted + ${report.hidden.toLocaleString('en')} hidden (CRM), ${report.keptForTasks.toLocaleString('en')} kept (tasks), ${report.attachmentsFreed.toLocaleString('en')} attachments | ${seconds.toFixed(1)} s = **${Math.round(rate).toLocaleString('en')} msg/s** | ≥ 20,000 ${rate >= 20_000 ? '✓' : '✗'} |`,
  );
  log(
    `| linked expired messages before → after | ${counts.linked.toLocaleString('en')} → ${after.linked.toLocaleString('en')} (unlinked expired left: ${after.unlinkedExpired}) | none lost ${after.linked === counts.linked && after.unlinkedExpired === 0 ? '✓' : '✗'} |`,
  );
  log(`| list first page p95, idle (${idle.length} runs) | ${idleP95.toFixed(1)} ms | |`);
  log(
    `| list first page p95, during the purge (${during.length} runs, one per ${args.interval} ms; batches of ${args.batch}) | ${duringP95.toFixed(1)} ms | ≤ 2× idle ${duringP95 <= 2 * idleP95 ? '✓' : '✗'} |`,
  );
} finally {
  await closeDb();
  await cluster.stop();
}
