import { expect, test } from '@playwright/test';

// The cron's entry point: only the shared secret opens it, by POST or GET.
test('the purge route refuses a wrong or missing secret and runs with the right one', async ({ request }) => {
  const secret = process.env.CRON_SECRET!;
  expect((await request.post('/api/cron/purge')).status()).toBe(401);
  expect((await request.post('/api/cron/purge', { headers: { Authorization: `Bearer ${secret}x` } })).status()).toBe(
    401,
  );
  expect((await request.get('/api/cron/purge', { headers: { Authorization: secret } })).status()).toBe(401);

  const response = await request.get('/api/cron/purge', { headers: { Authorization: `Bearer ${secret}` } });
  expect(response.status()).toBe(200);
  const report = (await response.json()) as {
    status: string;
    organizations: Array<{
      orgId: string;
      deleted: number;
      hidden: number;
      keptForTasks: number;
      attachmentsFreed: number;
      durationMs: number;
    }>;
  };
  expect(report.status).toBe('done');
  expect(report.organizations.length).toBeGreaterThan(0);
  expect(Object.keys(report.organizations[0]!).sort()).toEqual([
    'attachmentsFreed',
    'cutoff',
    'deleted',
    'durationMs',
    'hidden',
    'keptForTasks',
    'orgId',
  ]);
});
