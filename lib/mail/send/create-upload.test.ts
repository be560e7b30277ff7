import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { composeUploads } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { MAX_PENDING_UPLOAD_BYTES, MAX_PENDING_UPLOADS } from './compose-limits';
import { createUpload, UPLOAD_TTL_MS } from './create-upload';

const db = () => getDb();

async function uploader(): Promise<Actor & { kind: 'user' }> {
  const org = await createTestOrg(db());
  const user = await createTestUser(db(), { orgId: org.id });
  return { kind: 'user', userId: user.id, orgId: org.id, role: 'employee' };
}

const upload = (actor: Actor, bytes: number) =>
  createUpload(db(), {
    actor,
    filename: `f${bytes}.bin`,
    contentType: 'application/octet-stream',
    content: Buffer.alloc(bytes, 7),
  });

async function pending(userId: string) {
  const [row] = await db()
    .select({ count: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${composeUploads.size}), 0)::bigint` })
    .from(composeUploads)
    .where(eq(composeUploads.userId, userId));
  return { count: row!.count, bytes: Number(row!.bytes) };
}

describe('pending compose uploads have a per-user total', () => {
  it('stores up to 50 MB waiting to be sent and refuses the file that would pass it with 413, naming the limit', async () => {
    const actor = await uploader();
    for (let i = 0; i < 3; i++) await upload(actor, 14_000_000);
    await expect(upload(actor, 9_000_000)).rejects.toMatchObject({
      code: 'too_large',
      status: 413,
      userMessage: expect.stringMatching(
        /^Attachments waiting to be sent may total at most 50 MB; yours total 42 MB and this file is 9 MB\./,
      ),
      details: { limit: MAX_PENDING_UPLOAD_BYTES, used: 42_000_000, remaining: 8_000_000 },
    });
    await upload(actor, 8_000_000);
    expect(await pending(actor.userId)).toEqual({ count: 4, bytes: MAX_PENDING_UPLOAD_BYTES });
  });

  it(`refuses the ${MAX_PENDING_UPLOADS + 1}st file waiting to be sent, however small`, async () => {
    const actor = await uploader();
    await db()
      .insert(composeUploads)
      .values(
        Array.from({ length: MAX_PENDING_UPLOADS }, (_, i) => ({
          orgId: actor.orgId,
          userId: actor.userId,
          filename: `${i}.txt`,
          contentType: 'text/plain',
          size: 1,
          content: Buffer.from('x'),
        })),
      );
    await expect(upload(actor, 1)).rejects.toMatchObject({
      code: 'too_large',
      status: 413,
      userMessage: expect.stringMatching(/^At most 100 attachments may wait to be sent, and you have 100\./),
    });
    expect((await pending(actor.userId)).count).toBe(MAX_PENDING_UPLOADS);
  });

  it('holds under a parallel burst: 10 uploads of 8 MB at once store 6 and refuse exactly 4; a colleague is unaffected', async () => {
    const actor = await uploader();
    const colleague: Actor = { ...actor, userId: (await createTestUser(db(), { orgId: actor.orgId })).id };
    const [burst, theirs] = await Promise.all([
      Promise.allSettled(Array.from({ length: 10 }, () => upload(actor, 8_000_000))),
      upload(colleague, 14_000_000),
    ]);
    const refused = burst.filter((r) => r.status === 'rejected');
    expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'too_large', status: 413 });
    expect(await pending(actor.userId)).toEqual({ count: 6, bytes: 48_000_000 });
    expect(theirs.size).toBe(14_000_000);
    expect(await pending(colleague.userId)).toEqual({ count: 1, bytes: 14_000_000 });
  });

  it('does not count uploads older than a day, and clears them', async () => {
    const actor = await uploader();
    const createdAt = new Date(Date.now() - UPLOAD_TTL_MS - 60_000);
    const old = (i: number) => ({
      orgId: actor.orgId,
      userId: actor.userId,
      filename: `old${i}.bin`,
      contentType: 'application/octet-stream',
      size: 14_000_000,
      content: Buffer.alloc(14_000_000),
      createdAt,
    });
    for (let i = 0; i < 4; i++) await db().insert(composeUploads).values(old(i));
    expect(await pending(actor.userId)).toEqual({ count: 4, bytes: 56_000_000 });
    await upload(actor, 14_000_000);
    expect(await pending(actor.userId)).toEqual({ count: 1, bytes: 14_000_000 });
  });
});
