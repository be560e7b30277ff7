import { monitorEventLoopDelay } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { crmActivities, crmActivityRenders, crmLeads } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { RENDERER_VERSION } from '../mail/render/html-jobs';
import { sharedHtmlPool } from '../mail/render/html-pool';
import { TOO_COMPLEX_NOTE } from '../mail/render/plain-text-fallback';
import { nestedDivs } from '../mail/render/test-fixtures/hostile-html';
import { renderActivityHtml } from './render-activity-html';

afterAll(() => closeDb());
const db = () => getDb();
const ORIGIN = 'https://mail.example.test';
let orgId: string;
let actor: Actor;

beforeAll(async () => {
  orgId = (await createTestOrg(db())).id;
  const user = await createTestUser(db(), { orgId });
  actor = { kind: 'user', userId: user.id, orgId, role: 'employee' };
  await Promise.all([
    sharedHtmlPool().sanitizeOutgoing('<p>warm</p>'),
    sharedHtmlPool().sanitizeOutgoing('<p>warm</p>'),
  ]);
});

async function activityWith(htmlBody: string, textBody: string | null = null): Promise<string> {
  const [lead] = await db().insert(crmLeads).values({ orgId, title: 'Order' }).returning();
  const [activity] = await db()
    .insert(crmActivities)
    .values({
      orgId,
      leadId: lead!.id,
      direction: 'incoming',
      htmlBody,
      textBody,
      occurredAt: new Date(),
      routing: { rule: 'new_lead', reason: 'test', assignedToUserId: null },
    })
    .returning();
  return activity!.id;
}

const rowsOf = (activityId: string) =>
  db().select().from(crmActivityRenders).where(eq(crmActivityRenders.activityId, activityId));
const frame = async (activityId: string) =>
  (await renderActivityHtml(db(), { actor, activityId, origin: ORIGIN })).html;

describe('renderActivityHtml', () => {
  it('sanitizes an activity’s HTML once and serves it from crm_activity_renders after', async () => {
    const id = await activityWith('<p onclick="x()">Hi <img src="https://tracker.test/p.gif"></p>');
    expect(await frame(id)).toContain('<body><p>Hi <img></p></body>');
    expect(await rowsOf(id)).toEqual([
      expect.objectContaining({
        orgId,
        rendererVersion: RENDERER_VERSION,
        html: '<p>Hi <img></p>',
        asText: false,
        retryAfter: null,
      }),
    ]);
    await db()
      .update(crmActivityRenders)
      .set({ html: '<p>from the cache</p>' })
      .where(eq(crmActivityRenders.activityId, id));
    expect(await frame(id)).toContain('<body><p>from the cache</p></body>');

    await db()
      .update(crmActivityRenders)
      .set({ rendererVersion: RENDERER_VERSION - 1 })
      .where(eq(crmActivityRenders.activityId, id));
    expect(await frame(id)).toContain('<body><p>Hi <img></p></body>');
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => frame(id)));
    expect(new Set(concurrent).size).toBe(1);
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it('shows a hostile activity as its text with a notice, quickly, without blocking the event loop', async () => {
    const id = await activityWith(nestedDivs(), 'The text part.');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const html = await frame(id);
    const elapsed = performance.now() - started;
    delay.disable();
    expect(html).toContain(`<body>${TOO_COMPLEX_NOTE}<div style="white-space: pre-wrap">The text part.</div></body>`);
    expect(elapsed).toBeLessThan(1_500);
    expect(delay.max / 1e6).toBeLessThan(200);
    expect(await rowsOf(id)).toEqual([expect.objectContaining({ asText: true })]);
    // The cached copy's note is English; a French reader gets it in French.
    const notes = { tooComplex: 'Message trop complexe, affiché en texte.', truncated: 'Trop long.' };
    const french = (await renderActivityHtml(db(), { actor, activityId: id, origin: ORIGIN, notes })).html;
    expect(french).toContain('<body><p><em>Message trop complexe, affiché en texte.</em></p><div');
    await db().delete(crmActivities).where(eq(crmActivities.id, id));
    expect(await rowsOf(id)).toEqual([]);
  });
});
