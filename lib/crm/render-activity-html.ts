import type { DbOrTx } from '@/db/client';
import { getActivityForActor } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { messageFrameDocument } from '../mail/render/message-frame-document';
import { renderMessageHtml } from '../mail/render/render-message-html';

/**
 * The HTML copy of an activity's e-mail as a document for a sandboxed frame: sanitized exactly as the
 * webmail's reading pane does, with remote images blocked (the CRM offers no "show images": a client's mail
 * opened months later should not tell the sender who read it) and no cid: images (the copy keeps files only).
 */
export async function renderActivityHtml(db: DbOrTx, options: { actor: Actor; activityId: string; origin: string }): Promise<{ html: string; contentSecurityPolicy: string }> {
  const activity = await getActivityForActor(db, options);
  if (!activity.htmlBody) throw new AppError('not_found', { userMessage: 'This activity has no HTML version.' });
  const rendered = renderMessageHtml(activity.htmlBody, { cidUrl: () => null, allowRemoteImages: false });
  return messageFrameDocument(rendered.html, { allowRemoteImages: false, origin: options.origin });
}
