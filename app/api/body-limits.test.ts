import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { createTestOrg, createTestUser } from '@/test/factories';

// The real route handlers, as Next.js calls them, with only the session replaced (as in
// authorization-matrix.test.ts): what matters is how much of a body each one reads before refusing it.
const current: { session: ResolvedSession | null } = { session: null };
const authPost = vi.fn(async () => new Response(null, { status: 302 }));
vi.mock('@/server/auth', () => ({
  auth: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: { GET: vi.fn(), POST: authPost },
}));
vi.mock('next-auth', () => ({
  AuthError: class AuthError extends Error {},
  CredentialsSignin: class CredentialsSignin extends Error {},
}));
vi.mock('@/server/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/server/session')>()),
  getCurrentSession: async () => current.session,
}));

const tasks = await import('./tasks/route');
const drafts = await import('./mail/drafts/route');
const uploads = await import('./mail/uploads/route');
const auth = await import('./auth/[...nextauth]/route');

const ORIGIN = 'http://mailroom.test';
const CHUNK = 64 * 1024;
const context = { params: Promise.resolve({}) };

async function signIn(): Promise<ResolvedSession> {
  const org = await createTestOrg(getDb());
  const user = await createTestUser(getDb(), { orgId: org.id });
  current.session = { sessionId: 'body-limits', user, org };
  return current.session;
}

/** A client that would send spaces forever, counting the chunks the server asked for. */
function endlessBody() {
  const seen = { pulls: 0 };
  const stream = new ReadableStream<Uint8Array>(
    { pull: (c) => void ((seen.pulls += 1), c.enqueue(new Uint8Array(CHUNK).fill(0x20))) },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

function post(
  path: string,
  body: BodyInit | ReadableStream<Uint8Array>,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) {
  return new Request(new URL(path, ORIGIN), {
    method: 'POST',
    headers: { Origin: ORIGIN, Host: new URL(ORIGIN).host, ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

async function answer(response: Response) {
  const body = (await response.json()) as { error?: { code: string; message: string } };
  return { status: response.status, code: body.error?.code, message: body.error?.message };
}

const uploadForm = (size: number) => {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(size)], 'scan.pdf', { type: 'application/pdf' }));
  return form;
};

describe('request bodies are limited while they stream', () => {
  it('refuses an endless JSON body to POST /api/tasks with 413 after reading no more than 1 MB and a chunk', async () => {
    await signIn();
    const { stream, seen } = endlessBody();
    expect(await answer(await tasks.POST(post('/api/tasks', stream), context))).toEqual({
      status: 413,
      code: 'too_large',
      message: 'This request is larger than 1 MB.',
    });
    expect(seen.pulls).toBeLessThanOrEqual(Math.ceil(1_000_000 / CHUNK) + 1);
  });

  it('refuses a declared 50 MB body unread, reads nothing for someone signed out, and answers bad JSON with 400', async () => {
    await signIn();
    const declared = endlessBody();
    const response = await tasks.POST(
      post('/api/tasks', declared.stream, { 'Content-Type': 'application/json', 'Content-Length': '52428800' }),
      context,
    );
    expect(response.status).toBe(413);
    expect(declared.seen.pulls).toBe(0);

    expect(await answer(await tasks.POST(post('/api/tasks', '{"title": "Call back'), context))).toEqual({
      status: 400,
      code: 'validation',
      message: 'The request body is not valid JSON.',
    });

    current.session = null;
    const anonymous = endlessBody();
    expect((await tasks.POST(post('/api/tasks', anonymous.stream), context)).status).toBe(401);
    expect(anonymous.seen.pulls).toBe(0);
  });

  it('lets a draft carry a 5-million-character body, which the default limit would refuse, up to 16 MB', async () => {
    await signIn();
    const draft = { mailboxId: 'not-a-mailbox', to: [], subject: 'Long', html: `<p>${'ж'.repeat(2_500_000)}</p>` };
    // Read and parsed: the answer is about the mailbox id, not the size.
    expect(await answer(await drafts.POST(post('/api/mail/drafts', JSON.stringify(draft)), context))).toMatchObject({
      status: 400,
      code: 'validation',
    });
    expect(
      (await tasks.POST(post('/api/tasks', JSON.stringify({ title: 'x', description: draft.html })), context)).status,
    ).toBe(413);
    const { stream, seen } = endlessBody();
    expect(await answer(await drafts.POST(post('/api/mail/drafts', stream), context))).toEqual({
      status: 413,
      code: 'too_large',
      message: 'This request is larger than 16 MB.',
    });
    expect(seen.pulls).toBeLessThanOrEqual(Math.ceil(16_000_000 / CHUNK) + 1);
  });

  it('refuses an upload past the 14.3 MB file limit with 413 naming it, holding no more than the limit and its envelope', async () => {
    await signIn();
    const refusal = {
      status: 413,
      code: 'too_large',
      message: 'A file may be at most 14.3 MB: attachments may total at most that per message.',
    };
    const { stream, seen } = endlessBody();
    expect(
      await answer(
        await uploads.POST(
          post('/api/mail/uploads', stream, { 'Content-Type': 'multipart/form-data; boundary=endless' }),
          context,
        ),
      ),
    ).toEqual(refusal);
    expect(seen.pulls).toBeLessThanOrEqual(Math.ceil((14_300_000 + 64 * 1024) / CHUNK) + 1);
    // Just over the limit, inside the envelope: the same answer.
    expect(await answer(await uploads.POST(post('/api/mail/uploads', uploadForm(14_300_001), {}), context))).toEqual(
      refusal,
    );
    const stored = await uploads.POST(post('/api/mail/uploads', uploadForm(14_300_000), {}), context);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ filename: 'scan.pdf', size: 14_300_000 });
  });

  it('bounds what Auth.js reads of a sign-in form, passing a normal one through', async () => {
    const form = (password: string) =>
      new NextRequest(
        post(
          '/api/auth/callback/credentials',
          new URLSearchParams({ email: 'a@example.test', password, csrfToken: 't' }),
          { 'Content-Type': 'application/x-www-form-urlencoded' },
        ),
      );
    expect(await answer(await auth.POST(form('x'.repeat(100_000))))).toEqual({
      status: 413,
      code: 'too_large',
      message: 'This request is larger than 64 kB.',
    });
    expect(authPost).not.toHaveBeenCalled();
    expect((await auth.POST(form('correct horse'))).status).toBe(302);
    const forwarded = (authPost.mock.calls[0] as unknown as [Request])[0];
    expect(new URLSearchParams(await forwarded.text()).get('password')).toBe('correct horse');
  });
});
