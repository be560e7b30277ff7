import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import { cliActor, type Actor } from '../access/actor';
import { updateUserTheme } from './update-user-theme';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

async function storedTheme(userId: string): Promise<string | undefined> {
  const [row] = await getDb().select({ theme: users.theme }).from(users).where(eq(users.id, userId));
  return row?.theme;
}

describe('updateUserTheme', () => {
  afterAll(closeDb);

  it('starts at system and stores each of the three choices', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    expect(await storedTheme(user.id)).toBe('system');
    for (const theme of ['dark', 'light', 'system'] as const) {
      await updateUserTheme(db, { userId: user.id, theme, actor: asUser(user) });
      expect(await storedTheme(user.id)).toBe(theme);
    }
  });

  it('refuses any other value with the themeUnavailable problem, and stores nothing', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    await updateUserTheme(db, { userId: user.id, theme: 'dark', actor: asUser(user) });
    for (const theme of ['', 'Dark', 'sepia', 'dark ', 'x'.repeat(300)]) {
      await expect(updateUserTheme(db, { userId: user.id, theme, actor: asUser(user) })).rejects.toMatchObject({
        code: 'validation',
        userMessage: 'That theme is not available.',
        details: { fieldProblems: { _: { key: 'field.themeUnavailable' } } },
      });
    }
    expect(await storedTheme(user.id)).toBe('dark');
  });

  it("lets no one change another user's theme, not even an admin of the same organization", async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const employee = await createTestUser(db, { orgId: org.id });
    await expect(
      updateUserTheme(db, { userId: employee.id, theme: 'dark', actor: asUser(admin) }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await storedTheme(employee.id)).toBe('system');
  });

  it('says not found for a user that does not exist', async () => {
    await expect(
      updateUserTheme(getDb(), {
        userId: '00000000-0000-4000-8000-000000000000',
        theme: 'light',
        actor: cliActor,
      }),
    ).rejects.toMatchObject({ code: 'not_found', problem: { key: 'users.notFound' } });
  });
});
