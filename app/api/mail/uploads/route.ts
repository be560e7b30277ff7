import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { createUpload } from '@/lib/mail/send/create-upload';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// A multipart form with one `file`: the compose window uploads each attachment on its own, with progress.
export const POST = authedRoute(null, async (_input, session, request) => {
  const form = await request.formData().catch(() => null);
  const file = form?.get('file');
  if (!(file instanceof File)) throw new AppError('validation', { userMessage: 'Choose a file to attach.' });
  return createUpload(getDb(), {
    actor: actorOf(session),
    filename: file.name,
    contentType: file.type || 'application/octet-stream',
    content: Buffer.from(await file.arrayBuffer()),
  });
});
