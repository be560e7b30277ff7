// The start of every bench that needs a database: a throw-away embedded PostgreSQL (fsync off) under .data,
// the secrets a Mailroom process needs, and the migrations. DATABASE_URL points at it before anything that
// reads it at import time is loaded, hence the dynamic imports.
import path from 'node:path';
import type { EmbeddedDatabase } from '@/db/embedded';
import { freePort } from '@/scripts/free-port';

export async function startBenchDatabase(
  options: {
    /** The cluster's directory under .data, the process id appended. */
    name?: string;
    /** The bench's Dovecot and SMTP capture listen on loopback, which Mailroom reaches only when allowed. */
    allowLoopbackMail?: boolean;
  } = {},
): Promise<EmbeddedDatabase> {
  const { startEmbeddedPostgres } = await import('@/db/embedded');
  const database = await startEmbeddedPostgres({
    dataDir: path.join(process.cwd(), '.data', `${options.name ?? 'bench-pg'}-${process.pid}`),
    port: await freePort(),
    ephemeral: true,
  });
  process.env.DATABASE_URL = database.url;
  if (options.allowLoopbackMail) process.env.MAILROOM_ALLOWED_PRIVATE_HOSTS ??= '127.0.0.1,::1';
  const { ensureSecrets } = await import('@/lib/env');
  ensureSecrets();
  const { runMigrations } = await import('@/db/migrate');
  await runMigrations(database.url);
  return database;
}
