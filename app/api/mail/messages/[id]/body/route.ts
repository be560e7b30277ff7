import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { renderMessageBody } from '@/lib/mail/webmail/render-message-body';
import { idParam } from '@/server/params';
import { frameResponse } from '@/server/frame-response';
import { requestOrigin } from '@/server/request-origin';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = z.object({ images: z.enum(['0', '1']).optional() });

// The document of the reading pane's sandboxed frame. Its own CSP is the second layer behind the sanitizer:
// no script runs and nothing remote loads unless the user allowed images.
export const GET = authedRoute(schema, async ({ images }, session, request, params) => {
  const t = await getTranslations('mail.frameNotes');
  const body = await renderMessageBody(getDb(), {
    actor: actorOf(session),
    messageId: idParam(params),
    allowImages: images === '1',
    origin: requestOrigin(request),
    notes: { tooComplex: t('tooComplex'), truncated: t('truncated') },
  });
  return frameResponse(body, { theme: session.user.theme });
});
