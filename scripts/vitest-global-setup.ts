import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { runMigrations } from '@/db/migrate';
import { freePort } from './free-port';

// One PostgreSQL for the whole vitest run: the one `npm test` started (TEST_PG_ADMIN_URL), or an ephemeral
// embedded cluster when vitest is run on its own. A migrated template database is made once; the shared test
// database and every isolated one are copies of it.
export default async function setup() {
  let stopServer = async () => {};
  if (!process.env.TEST_PG_ADMIN_URL) {
    const { startEmbeddedPostgres } = await import('@/db/embedded');
    const server = await startEmbeddedPostgres({
      dataDir: path.join(process.cwd(), '.data', `vitest-pg-${process.pid}`),
      port: await freePort(),
      ephemeral: true,
    });
    process.env.TEST_PG_ADMIN_URL = server.adminUrl;
    stopServer = server.stop;
  }
  const { TEMPLATE_DATABASE, databaseUrl } = await import('../test/database');
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  const shared = `mailroom_vitest_${randomBytes(4).toString('hex')}`;
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
    await runMigrations(databaseUrl(TEMPLATE_DATABASE));
    await admin.query(`create database ${shared} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }

  // Workers inherit this environment: lib code under test finds its database and secrets as in production.
  process.env.DATABASE_URL = databaseUrl(shared);
  for (const name of ['AUTH_SECRET', 'CRON_SECRET']) process.env[name] ??= randomBytes(32).toString('base64url');
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
  // The test mail servers listen on loopback, which Mailroom refuses to reach unless the operator allows it (as
  // scripts/test.ts does; ::1 too, where "localhost" also resolves to it). Tests of the refusal pass their own.
  process.env.MAILROOM_ALLOWED_PRIVATE_HOSTS ??= '127.0.0.1,::1';

  return async () => {
    const cleanup = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${shared} with (force)`).finally(() => cleanup.end());
    await stopServer();
  };
}
