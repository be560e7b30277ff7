// Used by bench/sync.ts: one new message on a warm worker. In a process like a sync worker that has synced the
// mailbox before (parse pool started, database connections open), a message is appended over IMAP, then the
// time is taken from the start of syncMailbox until another database connection lists the row. Prints the
// samples (ms) as one JSON array.
import pg from 'pg';
import { closeDb, getDb } from '@/db/client';
import { createParsePool } from '@/lib/mail/parse/parse-pool';
import { syncMailbox } from '@/lib/mail/sync/sync-mailbox';
import { appendMessages, generateMessage } from '@/scripts/test-servers/seed-mail';

const mailboxId = process.env.IMPORT_MAILBOX_ID!;
const samples = Number(process.env.NEW_MESSAGE_SAMPLES ?? 7);
const db = getDb();
const pool = createParsePool();
// Another connection, as the web process listing the folder would be.
const reader = new pg.Client(process.env.DATABASE_URL);
await reader.connect();
const append = (subject: string, messageId: string) =>
  appendMessages({
    host: '127.0.0.1',
    port: Number(process.env.NEW_MESSAGE_PORT),
    user: process.env.NEW_MESSAGE_USER!,
    password: process.env.NEW_MESSAGE_PASSWORD!,
    messages: [{ raw: generateMessage({ subject, bodyBytes: 6_000, html: true, messageId }) }],
  });
// Warm, as a worker that has run syncs: the pool's threads started, the database pool's connections open, and
// the path of a new message run once (compiled by V8) before it is timed.
await append('Warm-up message', `<bench-warm-${Date.now()}@mailroom.test>`);
await syncMailbox(db, { mailboxId, parser: pool });
await syncMailbox(db, { mailboxId, parser: pool });

const timings: number[] = [];
for (let i = 0; i < samples; i++) {
  const messageId = `<bench-new-${Date.now()}-${i}@mailroom.test>`;
  await append(`New message ${i}`, messageId);
  const started = performance.now();
  const report = await syncMailbox(db, { mailboxId, parser: pool });
  // The row is listed once the sync's transaction committed; polled from the other connection to be sure.
  for (;;) {
    const found = await reader.query(
      'select 1 from messages where mailbox_id = $1 and message_id_header = $2 and not hidden_from_webmail',
      [mailboxId, messageId],
    );
    if (found.rowCount) break;
    if (performance.now() - started > 10_000) throw new Error(`new message not listed: ${JSON.stringify(report)}`);
  }
  timings.push(performance.now() - started);
}
await reader.end();
await pool.close();
await closeDb();
process.stdout.write(`${JSON.stringify(timings)}\n`);
process.exit(0);
