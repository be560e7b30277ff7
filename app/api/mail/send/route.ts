import { z } from 'zod';
import { getDb } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import { MAX_COMPOSE_HTML_LENGTH, MAX_COMPOSE_REQUEST_BYTES } from '@/lib/mail/send/compose-limits';
import { sendMessage } from '@/lib/mail/send/send-message';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const addresses = z.array(z.string().max(400)).max(100);
const schema = z.object({
  mailboxId: z.uuid(),
  clientKey: z.string().min(8).max(100),
  to: addresses,
  cc: addresses.default([]),
  bcc: addresses.default([]),
  subject: z.string().max(2_000),
  html: z.string().max(MAX_COMPOSE_HTML_LENGTH),
  uploadIds: z.array(z.uuid()).max(100).default([]),
  forwardAttachmentIds: z.array(z.number().int().positive()).max(100).default([]),
  replyToMessageId: z.number().int().positive().optional(),
});

// A refusal by the mail server comes back as an error response, so the compose window stays open with the
// reason; "delivery unknown" is a result, not an error: the message may have gone out. The whole HTML body
// travels in the request, so it may be larger than other JSON bodies.
export const POST = authedRoute(
  schema,
  async (input, session) => {
    const result = await sendMessage(getDb(), { ...input, actor: actorOf(session) });
    if (result.status === 'failed') {
      const code = (result.error?.code ?? 'mail_server_error') as ErrorCode;
      // The problem when this request made the error; a repeated request has only the English stored with it.
      const problem = result.error?.problem;
      throw new AppError(code, problem ? { problem } : { userMessage: result.error?.userMessage || undefined });
    }
    return result;
  },
  { maxBodyBytes: MAX_COMPOSE_REQUEST_BYTES },
);
