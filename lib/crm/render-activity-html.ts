import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmActivities, crmActivityRenders } from '@/db/schema';
import { getActivityForActor } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { RENDERER_VERSION } from '../mail/render/html-jobs';
import { sharedHtmlPool } from '../mail/render/html-pool';
import { newPlaceholderToken } from '../mail/render/inline-image-placeholders';
import { isFreshRender, replaceableRender, retryAfterOf } from '../mail/render/render-freshness';
import { type FrameNotes, localizeNotes } from '../mail/render/localize-notes';
import { messageFrameDocument } from '../mail/render/message-frame-document';

/**
 * The HTML copy of an activity's e-mail as a document for a sandboxed frame: sanitized exactly as the
 * webmail's reading pane does, with remote images blocked (the CRM offers no "show images": a client's mail
 * opened months later should not tell the sender who read it) and no cid: images (the copy keeps files only).
 * Sanitized once, in the HTML workers, and kept in crm_activity_renders (an activity's copy never changes).
 */
export async function renderActivityHtml(
  db: DbOrTx,
  options: { actor: Actor; activityId: string; origin: string; notes?: FrameNotes },
): Promise<{ html: string; contentSecurityPolicy: string }> {
  const activity = await getActivityForActor(db, options);
  if (!activity.htmlBody) throw new AppError('not_found', { problem: { key: 'crm.activityNoHtml' } });
  const [cached] = await db
    .select()
    .from(crmActivityRenders)
    .where(eq(crmActivityRenders.activityId, activity.id))
    .limit(1);
  let html = cached && isFreshRender(cached) ? cached.html : null;
  if (html === null) {
    const rendered = await sharedHtmlPool().renderMessage({
      html: activity.htmlBody,
      textBody: activity.textBody,
      allowRemoteImages: false,
      inlineImages: [],
      placeholderToken: newPlaceholderToken(),
    });
    html = rendered.html;
    // A render the workers could not finish (a timeout, a crash) is its text fallback, kept for a while only.
    if (!rendered.unavailable)
      await keep(db, activity.id, { html, asText: rendered.asText, retryAfter: retryAfterOf(rendered.failure) });
  }
  return messageFrameDocument(localizeNotes(html, options.notes), { allowRemoteImages: false, origin: options.origin });
}

// As message renders are kept (get-message-render.ts), under the same replacement rule.
async function keep(
  db: DbOrTx,
  activityId: string,
  render: { html: string; asText: boolean; retryAfter: Date | null },
): Promise<void> {
  await db
    .insert(crmActivityRenders)
    .select(
      db
        .select({
          activityId: crmActivities.id,
          orgId: crmActivities.orgId,
          rendererVersion: sql<number>`${RENDERER_VERSION}::int`.as('renderer_version'),
          html: sql<string>`${render.html}`.as('html'),
          asText: sql<boolean>`${render.asText}`.as('as_text'),
          retryAfter: sql<Date | null>`${render.retryAfter?.toISOString() ?? null}::timestamptz`.as('retry_after'),
          createdAt: sql<Date>`now()`.as('created_at'),
        })
        .from(crmActivities)
        .where(eq(crmActivities.id, activityId)),
    )
    .onConflictDoUpdate({
      target: crmActivityRenders.activityId,
      set: {
        rendererVersion: sql`excluded.renderer_version`,
        html: sql`excluded.html`,
        asText: sql`excluded.as_text`,
        retryAfter: sql`excluded.retry_after`,
        createdAt: sql`excluded.created_at`,
      },
      setWhere: replaceableRender(crmActivityRenders),
    });
}
