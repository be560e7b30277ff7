import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { closeDb, getDb } from '@/db/client';
import type { Actor } from '@/lib/access/actor';
import { createSession } from '@/lib/auth/sessions';
import { changeOwnPassword } from '@/lib/users/change-own-password';
import { setTemporaryPassword } from '@/lib/users/set-temporary-password';
import { createTestOrg, createTestUser } from '@/test/factories';

// The real gates of server/session.ts on a real PostgreSQL: only what Next.js provides is replaced — the
// cookie's decoded token (the session id under test), the request headers, and translations (→ keys).
const current: { sid: string | null } = { sid: null };
vi.mock('next-auth/jwt', () => ({ getToken: async () => (current.sid ? { sid: current.sid } : null) }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ cookie: 'session=x', host: 'mailroom.test', origin: 'http://mailroom.test' }),
}));
// The gate's refusal is worded from the catalogue in the request's language; here, outside a request, English.
vi.mock('next-intl/server', () => ({ getTranslations: async () => (key: string) => key }));

const { authedAction } = await import('./action');
const { authedRoute } = await import('./route');
const session = await import('./session');

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});
const redirectOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no redirect',
    (error: { digest?: string }) => String(error.digest),
  );

describe('the forced password change gate', () => {
  afterAll(closeDb);

  it('sends pages to the change page and refuses routes and actions with a 403 until a password is chosen', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const ada = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const eve = await createTestUser(db, { orgId: org.id });
    await setTemporaryPassword(db, { userId: eve.id, actor: asUser(ada) });
    current.sid = (await createSession(db, { userId: eve.id, orgId: org.id })).sessionId;

    const handler = vi.fn(async () => ({ secret: 'mail' }));
    const route = authedRoute(null, handler);
    const run = vi.fn(async () => 'done');
    const action = authedAction(z.object({}), run);
    const request = () => new Request('http://mailroom.test/api/x', { headers: { host: 'mailroom.test' } });

    expect(await redirectOf(session.requireSession())).toContain(session.PASSWORD_CHANGE_PATH);
    expect(await redirectOf(session.requireSessionForTwoFactorSetup())).toContain(session.PASSWORD_CHANGE_PATH);
    expect((await session.requireSessionForPasswordChange()).user.id).toBe(eve.id);
    const refused = await route(request());
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: { code: 'forbidden', details: { reason: session.PASSWORD_CHANGE_REQUIRED } },
    });
    expect(await action(null, new FormData())).toMatchObject({
      ok: false,
      error: 'Choose a new password before you continue.',
    });
    expect(handler).not.toHaveBeenCalled();
    expect(run).not.toHaveBeenCalled();

    await changeOwnPassword(db, {
      userId: eve.id,
      sessionId: current.sid,
      newPassword: 'lantern orchard velvet 7719 quarry',
      actor: asUser(eve),
    });
    expect((await session.requireSession()).user.id).toBe(eve.id);
    expect((await route(request())).status).toBe(200);
    expect(await action(null, new FormData())).toEqual({ ok: true, data: 'done' });
  });
});
