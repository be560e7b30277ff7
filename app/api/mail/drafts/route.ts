import { z } from 'zod';
import { getDb } from '@/db/client';
import { MAX_COMPOSE_HTML_LENGTH, MAX_COMPOSE_REQUEST_BYTES } from '@/lib/mail/send/compose-limits';
import { saveDraft } from '@/lib/mail/send/save-draft';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const addresses = z.array(z.string().max(400)).max(100).default([]);
const schema = z.object({
  mailboxId: z.uuid(),
  to: addresses,
  cc: addresses,
  bcc: addresses,
  subject: z.string().max(2_000),
  html: z.string().max(MAX_COMPOSE_HTML_LENGTH),
  replaceUid: z.number().int().positive().optional(),
});

// A draft carries the whole HTML body, so it may be larger than other JSON bodies.
export const POST = authedRoute(schema, (input, session) => saveDraft(getDb(), { ...input, actor: actorOf(session) }), {
  maxBodyBytes: MAX_COMPOSE_REQUEST_BYTES,
});
