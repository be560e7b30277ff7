import type pg from 'pg';

export type DatabaseHealth = { ok: true } | { ok: false; reason: string };

// The health endpoint is public: say what is wrong in a few words, without hosts, ports or user names.
function describe(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH') return 'database unreachable';
  if (code === '28P01' || code === '28000') return 'database authentication failed';
  if (code === '3D000') return 'database does not exist';
  if (code === '57P03' || code === '57P01') return 'database is starting up or shutting down';
  if (/timeout|no answer/i.test(message)) return 'database did not answer in time';
  return 'database error';
}

/** A trivial query with a short deadline: a health probe must answer quickly even when the database hangs. */
export async function checkDatabase(pool: pg.Pool, timeoutMs = 2_000): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pool.query('select 1'), deadline]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}
