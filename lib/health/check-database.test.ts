import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, getDbHandle } from '@/db/client';
import { freePort } from '@/scripts/free-port';
import { checkDatabase } from './check-database';

describe('database health', () => {
  afterAll(closeDb);

  it('is ok when the database answers', async () => {
    expect(await checkDatabase(getDbHandle().pool)).toEqual({ ok: true });
  });

  it('says the database is unreachable, without hosts or ports, when nothing listens', async () => {
    const port = await freePort();
    const { pool } = createDb(`postgres://nobody:secret@127.0.0.1:${port}/none`);
    const health = await checkDatabase(pool);
    await pool.end();
    expect(health).toEqual({ ok: false, reason: 'database unreachable' });
  });
});
