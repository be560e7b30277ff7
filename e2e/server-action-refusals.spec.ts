import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn } from './helpers/sign-in';

// Server action requests Next.js would answer with a 500 (its Origin check, its body limit) are refused by
// proxy.ts first. No real action id is needed: the refusal comes before Next.js looks the id up.
const ACTION_ID = '7f0c2d6e9a41b3c8d5e2f7a6b9c0d1e2f3a4b5c6d7';
const MB = 1024 * 1024;

type Raw = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

// Playwright's request context always sends a Content-Length and drops empty headers; these cases need neither.
function rawPost(baseURL: string, headers: Record<string, string>, chunks: string[]): Promise<Raw> {
  const url = new URL('/sign-in', baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const actionHeaders = (origin?: string) => ({
  'Next-Action': ACTION_ID,
  'Content-Type': 'text/plain;charset=UTF-8',
  Accept: 'text/x-component',
  ...(origin === undefined ? {} : { Origin: origin }),
});

test.describe('server action requests', () => {
  const refusals: Array<{ name: string; origin?: string; body: string; status: number; code: string }> = [
    { name: 'from a foreign site', origin: 'https://evil.example', body: '[]', status: 403, code: 'forbidden' },
    { name: 'with a malformed Origin', origin: 'http://[', body: '[]', status: 403, code: 'forbidden' },
    { name: 'without an Origin', body: '[]', status: 403, code: 'forbidden' },
    { name: 'with a 2 MB body', origin: 'same', body: 'x'.repeat(2 * MB), status: 413, code: 'too_large' },
  ];
  for (const refusal of refusals) {
    test(`${refusal.name} are refused with ${refusal.status}`, async ({ request, baseURL }) => {
      const origin = refusal.origin === 'same' ? new URL(baseURL!).origin : refusal.origin;
      const response = await request.post('/sign-in', { headers: actionHeaders(origin), data: refusal.body });
      expect(response.status()).toBe(refusal.status);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: refusal.code } });
      expect(text).not.toMatch(/\n\s+at |Invalid Server Actions|TypeError/);
    });
  }

  test('a chunked body over the limit (no Content-Length) is refused with 413, not cut short and run', async ({
    baseURL,
  }) => {
    const chunk = 'x'.repeat(256 * 1024);
    const response = await rawPost(
      baseURL!,
      { ...actionHeaders(new URL(baseURL!).origin), 'Transfer-Encoding': 'chunked' },
      Array.from({ length: 8 }, () => chunk),
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'too_large' } });
  });

  test('an empty Next-Action header from a foreign site is refused too', async ({ baseURL }) => {
    const response = await rawPost(baseURL!, { ...actionHeaders('https://evil.example'), 'Next-Action': '' }, ['[]']);
    expect(response.status).toBe(403);
  });

  test('same-origin requests up to the limit pass the proxy whole: Next.js itself answers that the action is unknown', async ({
    request,
    baseURL,
  }) => {
    const origin = new URL(baseURL!).origin;
    const small = await request.post('/sign-in', { headers: actionHeaders(origin), data: '[]' });
    const nearLimit = await request.post('/sign-in', { headers: actionHeaders(origin), data: 'x'.repeat(MB - 1024) });
    const chunked = await rawPost(
      baseURL!,
      { ...actionHeaders(origin), 'Transfer-Encoding': 'chunked' },
      Array.from({ length: 4 }, () => 'x'.repeat(200 * 1024)),
    );
    for (const [status, notFound] of [
      [small.status(), small.headers()['x-nextjs-action-not-found']],
      [nearLimit.status(), nearLimit.headers()['x-nextjs-action-not-found']],
      [chunked.status, chunked.headers['x-nextjs-action-not-found']],
    ]) {
      expect(status).toBeLessThan(500);
      expect(notFound).toBe('1');
    }
  });

  test('signing out from the app still works', async ({ page }) => {
    const { org, admin } = await createOrgWithUsers();
    await signIn(page, admin.email, admin.password);
    await expectShell(page, org.name, 'Erin Admin');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/settings');
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
