import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from '@/db/client';

export const TEMPLATE_DATABASE = 'mailroom_template';

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url)
    throw new Error(
      'TEST_PG_ADMIN_URL is not set: run the tests with `npm test` (or `npx vitest`, whose global setup sets it).',
    );
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database of its own (a copy of the migrated template, ~0.1 s), for tests that depend on
 * instance-wide state such as "no user exists yet". Most tests share DATABASE_URL and isolate by creating
 * their own organization instead.
 */
export async function createIsolatedDatabase(
  options: { fromTemplate?: boolean } = {},
): Promise<DbHandle & { url: string; drop: () => Promise<void> }> {
  const name = `mailroom_t_${randomBytes(6).toString('hex')}`;
  await admin((client) =>
    client.query(`create database ${name}${options.fromTemplate === false ? '' : ` template ${TEMPLATE_DATABASE}`}`),
  );
  const url = databaseUrl(name);
  const handle = createDb(url, { max: 4 });
  return {
    ...handle,
    url,
    drop: async () => {
      await handle.pool.end();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
