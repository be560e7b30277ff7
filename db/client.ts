import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** The query builder on one checked-out connection (see transactionWithClient). */
export type ClientDb = NodePgDatabase<typeof schema> & { $client: pg.PoolClient };
/** Queries take either the database or a transaction, so callers decide the transaction boundary. */
export type DbOrTx = Db | Tx | ClientDb;

export type DbHandle = { db: Db; pool: pg.Pool };

// node-postgres returns int8 as strings; counts and ids in our schema fit in a JS number, and the columns
// that may not (mod-sequences) are declared `mode: 'bigint'` in drizzle, which converts them itself.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

export function createDb(connectionString: string, options: { max?: number } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? Number(process.env.DATABASE_POOL_MAX ?? 10),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'mailroom',
  });
  // An idle client losing its connection (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return { db: drizzle({ client: pool, schema, casing: 'snake_case' }), pool };
}

// One pool per process; kept on globalThis so Next.js dev reloads don't open a new pool per edit.
const globalForDb = globalThis as unknown as { mailroomDb?: DbHandle };

export function getDbHandle(): DbHandle {
  if (!globalForDb.mailroomDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set. Start Mailroom with `npm run dev` / `npm start`, which provide one.');
    }
    globalForDb.mailroomDb = createDb(url);
  }
  return globalForDb.mailroomDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.mailroomDb;
  globalForDb.mailroomDb = undefined;
  await handle?.pool.end();
}

/**
 * A transaction on one connection, offering both the query builder and the raw client: for the few bulk
 * statements (the import's bodies) where building thousands of parameters through the builder costs more
 * than the statement itself.
 */
export async function transactionWithClient<T>(
  db: Db,
  work: (tx: ClientDb, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.$client.connect();
  let broken = false;
  try {
    await client.query('begin');
    const result = await work(drizzle({ client, schema, casing: 'snake_case' }), client);
    await client.query('commit');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not handed to the next caller.
    await client.query('rollback').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}
