import { z } from 'zod';
import { getDb } from '@/db/client';
import { suggestRecipients } from '@/lib/contacts/suggest-recipients';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// Called as the user types in To/Cc/Bcc (debounced by the compose window): a query string, no body.
const schema = z.object({
  q: z.string().max(200, { error: 'field.searchTooLong' }),
  mailboxId: z.uuid().optional(),
});

export const GET = authedRoute(schema, (input, session) =>
  suggestRecipients(getDb(), { ...input, actor: actorOf(session) }),
);
