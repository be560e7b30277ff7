import { getDb } from '@/db/client';
import { getEnv } from '@/lib/env';
import { runPurge } from '@/lib/retention/run-purge';
import { verifyCronSecret } from '@/lib/retention/verify-cron-secret';
import { errorResponse } from '@/server/route';

// The scheduler's call (SPEC §7): no session, only the shared secret. GET too, for schedulers that only send GET.
async function handle(request: Request): Promise<Response> {
  try {
    verifyCronSecret(request.headers.get('authorization'), getEnv().cronSecret);
    const report = await runPurge(getDb(), { trigger: 'cron' });
    return Response.json(report, {
      status: report.status === 'already_running' ? 409 : 200,
      headers: { 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = handle;
export const POST = handle;
