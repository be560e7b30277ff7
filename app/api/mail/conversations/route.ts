import { z } from 'zod';
import { getDb } from '@/db/client';
import { listConversations } from '@/lib/mail/webmail/list-conversations';
import { messageFiltersSchema } from '@/lib/mail/webmail/message-filters';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The same query string as /api/mail/messages, so the filter bar and search serve both views.
const schema = messageFiltersSchema.extend({
  folder: z.coerce.number().int().positive(),
  cursor: z.string().max(200).optional(),
});

export const GET = authedRoute(schema, ({ folder, cursor, ...filters }, session) =>
  listConversations(getDb(), { actor: actorOf(session), folderId: folder, cursor, filters }),
);
