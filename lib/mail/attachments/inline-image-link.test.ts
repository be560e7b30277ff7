import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import { openSignedInlineImage, signInlineImage } from './inline-image-link';

afterAll(closeDb);

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return { userId: params.get('u')!, expires: Number(params.get('e')), signature: params.get('s')! };
};

describe('signed inline image links', () => {
  it('refuse another attachment, a changed signature, an expired link and a deactivated user', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const now = new Date('2026-11-23T10:00:00Z');
    const link = parse(signInlineImage({ attachmentId: 41, userId: user.id, now }));
    const refused = { code: 'not_found' };

    await expect(openSignedInlineImage(db, { attachmentId: 42, ...link, now })).rejects.toMatchObject(refused);
    await expect(
      openSignedInlineImage(db, { attachmentId: 41, ...link, signature: `${link.signature.slice(0, -2)}AA`, now }),
    ).rejects.toMatchObject(refused);
    await expect(
      openSignedInlineImage(db, { attachmentId: 41, ...link, expires: link.expires + 60_000, now }),
    ).rejects.toMatchObject(refused);
    await expect(
      openSignedInlineImage(db, { attachmentId: 41, ...link, now: new Date(now.getTime() + 16 * 60_000) }),
    ).rejects.toMatchObject(refused);
    await db.update(users).set({ active: false }).where(eq(users.id, user.id));
    await expect(openSignedInlineImage(db, { attachmentId: 41, ...link, now })).rejects.toMatchObject(refused);
  });
});
