import { getDbHandle } from '@/db/client';
import { checkDatabase, type DatabaseHealth } from '@/lib/health/check-database';

// Public by design (load balancers and uptime checks call it); it reveals only whether the database answers.
export async function GET() {
  let health: DatabaseHealth;
  try {
    health = await checkDatabase(getDbHandle().pool);
  } catch {
    health = { ok: false, reason: 'database not configured' };
  }
  const headers = { 'Cache-Control': 'no-store' };
  return health.ok
    ? Response.json({ ok: true, db: 'ok' }, { headers })
    : Response.json({ ok: false, db: 'error', reason: health.reason }, { status: 503, headers });
}
