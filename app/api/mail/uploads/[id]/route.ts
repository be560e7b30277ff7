import { getDb } from '@/db/client';
import { deleteUpload } from '@/lib/mail/send/create-upload';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const DELETE = authedRoute(null, async (_input, session, _request, params) => {
  await deleteUpload(getDb(), { actor: actorOf(session), uploadId: params.id ?? '' });
});
