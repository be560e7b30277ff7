'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { enqueueJob } from '@/lib/jobs/boss';
import { connectMailbox } from '@/lib/mail/mailboxes/connect-mailbox';
import { removeMailbox } from '@/lib/mail/mailboxes/remove-mailbox';
import { updateMailboxPassword } from '@/lib/mail/mailboxes/update-mailbox-password';
import { securitySchema, type TransportSecurity } from '@/lib/mail/settings';
import { requestMailboxSync } from '@/lib/mail/sync/request-mailbox-sync';
import { uuidSchema } from '@/lib/validation';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

// A mailbox id arrives in a hidden field: a malformed one is invalid input, never a query that fails.
const mailboxIdField = uuidSchema;

const startSync = (mailboxId: string) => enqueueJob('mail-sync-mailbox', { mailboxId }, { singletonKey: mailboxId });

const optional = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

// Empty form fields mean "use the provider's preset".
const port = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().optional());
const security = z.preprocess((v) => (v === '' ? undefined : v), securitySchema.optional());

export const connectMailboxAction = authedAction(
  z.object({
    provider: z.string(),
    email: z.string(),
    password: z.string(),
    login: optional,
    imapHost: optional,
    imapPort: port,
    imapSecurity: security,
    smtpHost: optional,
    smtpPort: port,
    smtpSecurity: security,
  }),
  async (input, session) => {
    const server = (host?: string, port?: number, security?: TransportSecurity) => ({
      host,
      port,
      security,
      login: input.login,
    });
    const mailbox = await connectMailbox(getDb(), {
      ownerUserId: session.user.id,
      email: input.email,
      provider: input.provider,
      password: input.password,
      imap: server(input.imapHost, input.imapPort, input.imapSecurity),
      smtp: server(input.smtpHost, input.smtpPort, input.smtpSecurity),
      actor: actorOf(session),
    });
    await startSync(mailbox.id);
    revalidatePath('/settings/mailboxes');
    return { email: mailbox.email };
  },
);

const mailboxIdSchema = z.object({ mailboxId: mailboxIdField });

export const syncNowAction = authedAction(mailboxIdSchema, async ({ mailboxId }, session) => {
  await startSync(await requestMailboxSync(getDb(), { mailboxId, actor: actorOf(session) }));
  revalidatePath('/settings/mailboxes');
});

export const reconnectMailboxAction = authedAction(
  mailboxIdSchema.extend({ password: z.string() }),
  async ({ mailboxId, password }, session) => {
    const mailbox = await updateMailboxPassword(getDb(), { mailboxId, password, actor: actorOf(session) });
    await startSync(mailbox.id);
    revalidatePath('/settings/mailboxes');
  },
);

export const removeMailboxAction = authedAction(mailboxIdSchema, async ({ mailboxId }, session) => {
  const removed = await removeMailbox(getDb(), { mailboxId, actor: actorOf(session) });
  revalidatePath('/settings/mailboxes');
  return { email: removed.email };
});
