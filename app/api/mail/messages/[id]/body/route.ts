import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { renderMessageBody } from '@/lib/mail/webmail/render-message-body';
import { idParam } from '@/server/params';
import { frameResponse } from '@/server/frame-response';
import { requestOrigin } from '@/server/request-origin';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = z.object({ images: z.enum(['0', '1']).optional(), quotes: z.enum(['fold']).optional() });

// The document of the reading pane's sandboxed frame. Its own CSP is the second layer behind the sanitizer:
// no script runs and nothing remote loads unless the user allowed images.
export const GET = authedRoute(schema, async ({ images, quotes }, session, request, params) => {
  const t = await getTranslations('mail.frameNotes');
  const tc = await getTranslations('conversation');
  const body = await renderMessageBody(getDb(), {
    actor: actorOf(session),
    messageId: idParam(params),
    allowImages: images === '1',
    origin: requestOrigin(request),
    notes: { tooComplex: t('tooComplex'), truncated: t('truncated') },
    // The conversation pane folds quoted text: each reply there repeats the messages above it.
    foldQuotes: quotes === 'fold' ? { show: tc('showQuoted'), hide: tc('hideQuoted') } : undefined,
  });
  return frameResponse(body, { theme: session.user.theme });
});
