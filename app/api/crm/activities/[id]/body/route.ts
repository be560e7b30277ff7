import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db/client';
import { renderActivityHtml } from '@/lib/crm/render-activity-html';
import { AppError } from '@/lib/errors';
import { frameResponse } from '@/server/frame-response';
import { requestOrigin } from '@/server/request-origin';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The HTML version of an activity's e-mail, for a sandboxed frame: the same headers as the webmail's
// message frame, its CSP being the second layer behind the sanitizer.
export const GET = authedRoute(null, async (_input, session, request, params) => {
  const activityId = params.id;
  if (!activityId) throw new AppError('not_found');
  const t = await getTranslations('mail.frameNotes');
  const body = await renderActivityHtml(getDb(), {
    actor: actorOf(session),
    activityId,
    origin: requestOrigin(request),
    notes: { tooComplex: t('tooComplex'), truncated: t('truncated') },
  });
  return frameResponse(body, { theme: session.user.theme });
});
