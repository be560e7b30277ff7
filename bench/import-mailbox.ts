// Used by bench/sync.ts: Mailroom's initial import of one mailbox, in a process of its own that loads only what
// a sync worker loads (not the benchmark's PostgreSQL and Dovecot launchers), so its peak RSS is the import's.
// Prints one JSON line: imported, importMs, firstPageMs, resyncMs (median of 5), peakRssMb.
import { count, eq } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { messages } from '@/db/schema';
import { createParsePool } from '@/lib/mail/parse/parse-pool';
import { syncMailbox } from '@/lib/mail/sync/sync-mailbox';

const mailboxId = process.env.IMPORT_MAILBOX_ID!;
const db = getDb();
const pool = createParsePool();
let firstPageMs: number | null = null;
const started = performance.now();
// The first page is "listed" once 50 rows of the mailbox are visible to another connection.
const watcher = (async () => {
  while (firstPageMs === null) {
    const [row] = await db.select({ n: count() }).from(messages).where(eq(messages.mailboxId, mailboxId));
    if ((row?.n ?? 0) >= 50) firstPageMs = performance.now() - started;
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
})();
const report = await syncMailbox(db, { mailboxId, parser: pool });
const importMs = performance.now() - started;
await watcher;

const resyncs: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const again = await syncMailbox(db, { mailboxId, parser: pool });
  resyncs.push(performance.now() - t);
  if (again.imported + again.updated + again.removed !== 0)
    throw new Error(`unexpected changes on resync: ${JSON.stringify(again)}`);
}
await pool.close();
await closeDb();
const resyncMs = resyncs.sort((a, b) => a - b)[2]!;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ imported: report.imported, importMs, firstPageMs, resyncMs, peakRssMb })}\n`);
process.exit(0);
