import { z } from 'zod';
import { getDb } from '@/db/client';
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
  html: z.string().max(5_000_000),
  replaceUid: z.number().int().positive().optional(),
});

export const POST = authedRoute(schema, (input, session) => saveDraft(getDb(), { ...input, actor: actorOf(session) }));
