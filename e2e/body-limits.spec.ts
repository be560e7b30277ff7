import http from 'node:http';
import { expect, test } from '@playwright/test';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn } from './helpers/sign-in';

// Issue 16: 50 MB bodies to route handlers, signed in, grew next-server by hundreds of MB before a 400. Against
// the production server, they must be refused with 413 at once: declared (Content-Length) without being read,
// streamed (chunked) after little more than the limit, so the client cannot push the rest.
const FIFTY_MB = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

type Sent = { status: number; message: string; sent: number; ms: number };

/** Sends up to 50 MB, chunked or declared, and stops writing as soon as the server answers. */
function send(url: URL, headers: Record<string, string>, chunked: boolean): Promise<Sent> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(url, {
      method: 'POST',
      headers: chunked ? headers : { ...headers, 'Content-Length': String(FIFTY_MB) },
    });
    request.on('error', (error) => (answered ? undefined : reject(error)));
    request.on('response', (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (part: string) => (text += part));
      response.on('end', () => {
        request.destroy();
        const body = JSON.parse(text) as { error?: { message?: string } };
        resolve({
          status: response.statusCode ?? 0,
          message: body.error?.message ?? '',
          sent,
          ms: Date.now() - started,
        });
      });
    });
    const pump = () => {
      while (!answered && sent < FIFTY_MB) {
        sent += CHUNK.length;
        if (!request.write(CHUNK)) return void request.once('drain', pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

const cases = [
  { path: '/api/tasks', contentType: 'application/json', message: 'This request is larger than 1 MB.' },
  {
    path: '/api/mail/uploads',
    contentType: 'multipart/form-data; boundary=x',
    message: 'A file may be at most 14.3 MB: attachments may total at most that per message.',
  },
];

test('50 MB bodies to route handlers are refused with 413 before they are read', async ({ page, baseURL }) => {
  const { org, employee } = await createOrgWithUsers();
  await signIn(page, employee.email, employee.password);
  await expectShell(page, org.name, employee.name);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const origin = new URL(baseURL!).origin;

  for (const { path, contentType, message } of cases) {
    for (const chunked of [false, true]) {
      const headers = { Cookie: cookie, Origin: origin, 'Content-Type': contentType };
      const answer = await send(new URL(path, origin), headers, chunked);
      expect({ path, chunked, status: answer.status, message: answer.message }).toEqual({
        path,
        chunked,
        status: 413,
        message,
      });
      // What the client could write before the answer: the limit plus socket buffers, far from 50 MB.
      expect(answer.sent, `${path} ${chunked ? 'chunked' : 'declared'}`).toBeLessThan(FIFTY_MB / 2);
      expect(answer.ms).toBeLessThan(10_000);
    }
  }
});
