import { afterAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '@/test/database';
import { openBoss } from './boss';

let database: Awaited<ReturnType<typeof createIsolatedDatabase>> | undefined;
afterAll(async () => database?.drop());

describe('openBoss', () => {
  it('starts several processes at once on a new database, as a fleet of workers deployed together does', async () => {
    database = await createIsolatedDatabase();
    const url = database.url;
    const lines: string[] = [];
    const settings = { schedule: false, supervise: false };
    const opened = await Promise.allSettled(
      Array.from({ length: 4 }, () => openBoss({ connectionString: url, log: (line) => lines.push(line), settings })),
    );
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.stop() : undefined)));
    expect(opened.map((o) => (o.status === 'fulfilled' ? 'started' : String(o.reason)))).toEqual(
      Array(4).fill('started'),
    );
    expect(lines.filter((line) => line.includes('failed'))).toEqual([]);
  });
});
