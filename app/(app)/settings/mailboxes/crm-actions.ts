'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { updateMailboxCrmSettings } from '@/lib/crm/update-mailbox-crm-settings';
import { enqueueJob } from '@/lib/jobs/boss';
import { uuidSchema } from '@/lib/validation';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

// A mailbox id arrives in a hidden field: a malformed one is invalid input, never a query that fails.
const mailboxIdField = uuidSchema;

// An unchecked box is absent from the form.
const checkbox = z.preprocess((v) => v === 'on' || v === 'true', z.boolean());

export const updateMailboxCrmSettingsAction = authedAction(
  z.object({
    mailboxId: mailboxIdField,
    enabled: checkbox,
    windowDays: z.string().default(''),
    routeToManager: checkbox,
    createLeads: checkbox,
  }),
  async ({ mailboxId, ...settings }, session) => {
    const saved = await updateMailboxCrmSettings(getDb(), { actor: actorOf(session), mailboxId, settings });
    // The CRM rules run after a sync: one now applies them to the mail already imported within the window.
    if (saved.enabled) await enqueueJob('mail-sync-mailbox', { mailboxId }, { singletonKey: mailboxId });
    revalidatePath('/settings/mailboxes');
    return saved;
  },
);
