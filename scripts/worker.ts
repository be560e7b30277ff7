// `npm run worker`: a process that only runs background jobs (sync, purge, plan checks, live mail). Start as many as
// needed on any machine that reaches the database; the web process runs workers too unless
// MAILROOM_WORKERS=off.
// It runs compiled (`npm run build:worker`, scripts/build-worker.ts: dist/worker/worker.mjs and its threads' entries)
// with plain Node, not tsx, which would otherwise sit in the memory of the process and of every parse thread.
import { closeDb } from '@/db/client';
import { ensureDatabase } from '@/db/ensure-database';
import { stopBoss } from '@/lib/jobs/boss';
import { syncConcurrency } from '@/lib/jobs/definitions';
import { startWorkers } from '@/lib/jobs/start-workers';
import { stopLiveSync } from '@/lib/mail/live-sync/start-live-sync';
import { dataDir, ensureSecrets } from '@/lib/env';
import { configuredOAuthProviders } from '@/lib/mail/oauth/providers';

ensureSecrets();
// A malformed GOOGLE_/MICROSOFT_ server setting stops the start, naming the variable.
configuredOAuthProviders();
const database = await ensureDatabase({ dataDir: dataDir() });
await startWorkers();
process.stdout.write(
  `Mailroom worker: running background jobs (up to ${syncConcurrency()} mailbox syncs at once, MAILROOM_SYNC_CONCURRENCY)\n`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    // IDLE connections close and their leases are released first, so other workers take over at once.
    await stopLiveSync().catch(() => {});
    await stopBoss();
    await closeDb();
    await database.stop();
    process.exit(0);
  });
}
