import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_REQUEST_BYTES, uploadTooLarge } from '@/lib/mail/send/compose-limits';
import { createUpload } from '@/lib/mail/send/create-upload';
import { readFormBody } from '@/server/read-body';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// A multipart form with one `file`: the compose window uploads each attachment on its own, with progress.
// The form is counted while it streams and refused (413) once past one file's limit and its envelope, so no
// more than that is ever held; a file over the limit within that envelope gets the same answer.
export const POST = authedRoute(null, async (_input, session, request) => {
  const form = await readFormBody(request, { limit: MAX_UPLOAD_REQUEST_BYTES, tooLarge: uploadTooLarge });
  const file = form.get('file');
  if (!(file instanceof File)) throw new AppError('validation', { problem: { key: 'send.chooseFile' } });
  if (file.size > MAX_UPLOAD_FILE_BYTES) throw uploadTooLarge();
  return createUpload(getDb(), {
    actor: actorOf(session),
    filename: file.name,
    contentType: file.type || 'application/octet-stream',
    content: Buffer.from(await file.arrayBuffer()),
  });
});
