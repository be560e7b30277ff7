// `npm run dev` / `npm start`: secrets, database (embedded PostgreSQL under .data/ unless DATABASE_URL is set)
// and migrations first, then Next.js in this process behind scripts/next-server.ts, which decides what the
// app believes about the client's address (TRUST_PROXY_HOPS). Stops the embedded database on the way out.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from '@/db/ensure-database';
import { dataDir, ensureSecrets } from '@/lib/env';
import { configuredOAuthProviders } from '@/lib/mail/oauth/providers';
import { isAppError } from '@/lib/errors';
import { type RunningServer, startNextServer, trustedHopsFromEnv } from './next-server';

const mode = process.argv[2];
if (mode !== 'dev' && mode !== 'start') {
  process.stderr.write('Usage: tsx scripts/serve.ts dev|start\n');
  process.exit(2);
}
if (mode === 'start') Object.assign(process.env, { NODE_ENV: 'production' });
// Nothing leaves the machine unless the operator opts in.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

try {
  ensureSecrets();
  // A malformed GOOGLE_/MICROSOFT_ server setting stops the start, naming the variable, not a page later.
  configuredOAuthProviders();
} catch (error) {
  process.stderr.write(`Mailroom cannot start: ${isAppError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}
const trust = trustedHopsFromEnv();
if ('error' in trust) {
  process.stderr.write(`Mailroom cannot start: ${trust.error}\n`);
  process.exit(1);
}

const database = await ensureDatabase({ dataDir: dataDir() });
const next = path.join(process.cwd(), 'node_modules', '.bin', 'next');
const port = Number(process.env.PORT ?? 3000);
// A development server is for this machine only; a production one usually sits behind a proxy.
const host = process.env.HOST ?? (mode === 'dev' ? '127.0.0.1' : '0.0.0.0');

if (mode === 'start' && !existsSync(path.join(process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID'))) {
  const build = spawnSync(next, ['build'], { stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    await database.stop();
    process.exit(build.status ?? 1);
  }
}

let server: RunningServer;
try {
  server = await startNextServer({ dev: mode === 'dev', hostname: host, port, trustedHops: trust.hops });
} catch (error) {
  process.stderr.write(`Mailroom cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  await database.stop();
  process.exit(1);
}
process.stdout.write(
  `Mailroom: database ${database.embedded ? 'embedded PostgreSQL in .data/pg' : 'from DATABASE_URL'}; http://${host === '0.0.0.0' ? 'localhost' : host}:${port}` +
    `${trust.hops > 0 ? `; trusting ${trust.hops} proxy hop(s) for the client address` : ''}\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    // Live mail's leases are released at once rather than left to expire, so another worker takes over now.
    await (await import('@/lib/mail/live-sync/start-live-sync')).stopLiveSync().catch(() => {});
    await server.close().catch(() => {});
    await database.stop();
    process.exit(0);
  });
}
