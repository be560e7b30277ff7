import { z } from 'zod';
import { getDb } from '@/db/client';
import { listMessages } from '@/lib/mail/webmail/list-messages';
import { messageFiltersSchema } from '@/lib/mail/webmail/message-filters';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = messageFiltersSchema.extend({
  folder: z.coerce.number().int().positive(),
  cursor: z.string().max(200).optional(),
});

export const GET = authedRoute(schema, ({ folder, cursor, ...filters }, session) =>
  listMessages(getDb(), { actor: actorOf(session), folderId: folder, cursor, filters }),
);
