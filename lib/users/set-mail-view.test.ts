import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { getMailView } from './get-mail-view';
import { setMailView } from './set-mail-view';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

describe('the mail list view', () => {
  afterAll(closeDb);

  it('is conversations by default, and each user keeps their own choice', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const [one, two] = await Promise.all([
      createTestUser(db, { orgId: org.id }),
      createTestUser(db, { orgId: org.id }),
    ]);
    expect(await getMailView(db, { actor: asUser(one) })).toBe('conversations');
    expect(await setMailView(db, { userId: one.id, view: 'messages', actor: asUser(one) })).toEqual({
      mailView: 'messages',
    });
    expect(await getMailView(db, { actor: asUser(one) })).toBe('messages');
    expect(await getMailView(db, { actor: asUser(two) })).toBe('conversations');
    await setMailView(db, { userId: one.id, view: 'conversations', actor: asUser(one) });
    expect(await getMailView(db, { actor: asUser(one) })).toBe('conversations');
  });

  it('refuses other values and other users, and reads an unknown stored value as the default', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    for (const view of ['', 'Messages', 'threads', 'x'.repeat(300)])
      await expect(setMailView(db, { userId: user.id, view, actor: asUser(user) })).rejects.toMatchObject({
        code: 'validation',
        details: { fieldProblems: { _: { key: 'conversations.mailViewUnavailable' } } },
      });
    await expect(setMailView(db, { userId: user.id, view: 'messages', actor: asUser(admin) })).rejects.toMatchObject({
      code: 'not_found',
    });
    await db.update(users).set({ mailView: 'cards' }).where(eq(users.id, user.id));
    expect(await getMailView(db, { actor: asUser(user) })).toBe('conversations');
  });
});
