import { z } from 'zod';
import { getDb } from '@/db/client';
import { getConversation } from '@/lib/mail/webmail/get-conversation';
import { idParam } from '@/server/params';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The folder it is opened from: access is that folder's mailbox, and Trash or Junk joins only when open.
const schema = z.object({ folder: z.coerce.number().int().positive() });

export const GET = authedRoute(schema, ({ folder }, session, _request, params) =>
  getConversation(getDb(), { actor: actorOf(session), threadId: idParam(params), folderId: folder }),
);
