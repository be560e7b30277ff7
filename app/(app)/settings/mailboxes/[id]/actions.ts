'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { setMailboxEnabled } from '@/lib/mail/mailboxes/set-mailbox-enabled';
import { setMailboxFolders } from '@/lib/mail/mailboxes/set-mailbox-folders';
import { updateMailboxProfile } from '@/lib/mail/mailboxes/update-mailbox-profile';
import { updateMailboxServers } from '@/lib/mail/mailboxes/update-mailbox-servers';
import { uuidSchema } from '@/lib/validation';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

// A mailbox id arrives in a hidden field: a malformed one is invalid input, never a query that fails.
const mailboxIdField = uuidSchema;

const refresh = (mailboxId: string) => {
  revalidatePath(`/settings/mailboxes/${mailboxId}`);
  revalidatePath('/settings/mailboxes');
};

export const updateMailboxProfileAction = authedAction(
  z.object({
    mailboxId: mailboxIdField,
    displayName: z.string().default(''),
    senderName: z.string().default(''),
    signatureHtml: z.string().default(''),
    sendingRoute: z.string(),
  }),
  async ({ mailboxId, ...profile }, session) => {
    await updateMailboxProfile(getDb(), { actor: actorOf(session), mailboxId, profile });
    refresh(mailboxId);
  },
);

// Unchecked boxes are absent from a form: no folder field means "none but the inbox".
const folderIds = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive()),
);

export const setMailboxFoldersAction = authedAction(
  z.object({ mailboxId: mailboxIdField, folder: folderIds }),
  async ({ mailboxId, folder }, session) => {
    await setMailboxFolders(getDb(), { actor: actorOf(session), mailboxId, folderIds: folder });
    refresh(mailboxId);
  },
);

export const setMailboxEnabledAction = authedAction(
  z.object({ mailboxId: mailboxIdField, enabled: z.enum(['true', 'false']) }),
  async ({ mailboxId, enabled }, session) => {
    await setMailboxEnabled(getDb(), { actor: actorOf(session), mailboxId, enabled: enabled === 'true' });
    refresh(mailboxId);
  },
);

export const updateMailboxServersAction = authedAction(
  z.object({
    mailboxId: mailboxIdField,
    imapHost: z.string(),
    imapPort: z.string(),
    imapSecurity: z.string(),
    smtpHost: z.string(),
    smtpPort: z.string(),
    smtpSecurity: z.string(),
    smtpLogin: z.string(),
    imapPassword: z.string().default(''),
    smtpPassword: z.string().default(''),
  }),
  async ({ mailboxId, ...servers }, session) => {
    await updateMailboxServers(getDb(), { actor: actorOf(session), mailboxId, servers });
    refresh(mailboxId);
  },
);
