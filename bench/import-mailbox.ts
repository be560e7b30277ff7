// Used by bench/sync.ts: Mailroom's initial import of one mailbox, in a process of its own that loads only what
// a sync worker loads (not the benchmark's PostgreSQL and Dovecot launchers), so its peak RSS is the import's.
// The bench runs it compiled, as the production worker runs (scripts/build-worker.ts), or from source with tsx.
// Prints one JSON line: imported, importMs, firstPageMs, resyncMs (median of 5), peakRssMb, importRssMb (before
// the resyncs), cpuSeconds.
import { count, eq } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { messages } from '@/db/schema';
import { createParsePool } from '@/lib/mail/parse/parse-pool';
import { syncMailbox } from '@/lib/mail/sync/sync-mailbox';

const mailboxId = process.env.IMPORT_MAILBOX_ID!;
const db = getDb();
// The pool's defaults unless the bench is asked for others (BENCH_PARSE_WORKERS, BENCH_PARSE_YOUNG_MB).
const pool = createParsePool({
  size: process.env.BENCH_PARSE_WORKERS ? Number(process.env.BENCH_PARSE_WORKERS) : undefined,
  maxYoungGenerationSizeMb: process.env.BENCH_PARSE_YOUNG_MB ? Number(process.env.BENCH_PARSE_YOUNG_MB) : undefined,
});
// BENCH_MEMORY_TRACE=1: where the memory is (V8 heap, buffers, the rest) every second, on stderr, to find what
// grows with the mailbox's size.
const trace = process.env.BENCH_MEMORY_TRACE
  ? setInterval(() => {
      const m = process.memoryUsage();
      const mb = (n: number) => (n / 1048576).toFixed(0);
      process.stderr.write(
        `rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`,
      );
    }, 1000)
  : null;
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
const report = await syncMailbox(db, {
  mailboxId,
  parser: pool,
  batchSize: process.env.BENCH_BATCH_SIZE ? Number(process.env.BENCH_BATCH_SIZE) : undefined,
});
const importMs = performance.now() - started;
// The high-water mark of the import alone, before the resyncs.
const importRssMb = process.resourceUsage().maxRSS / 1024;
if (trace) clearInterval(trace);
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
const usage = process.resourceUsage();
const peakRssMb = usage.maxRSS / 1024;
// Every thread of the process: the main thread and the parse workers.
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(
  `${JSON.stringify({ imported: report.imported, importMs, firstPageMs, resyncMs, peakRssMb, importRssMb, cpuSeconds })}\n`,
);
process.exit(0);
