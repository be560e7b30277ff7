import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { getMailboxForActor } from '../access/mailbox-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';

export const mailboxCrmSettingsSchema = z.object({
  enabled: z.boolean(),
  windowDays: z.coerce
    .number({ error: 'field.daysNumber' })
    .int({ error: 'field.daysWhole' })
    .min(1, { error: 'field.crmWindowMin' })
    .max(365, { error: 'field.crmWindowMax' }),
  routeToManager: z.boolean(),
  createLeads: z.boolean(),
});

export type CrmMailboxSettings = z.output<typeof mailboxCrmSettingsSchema>;

/**
 * A mailbox's CRM settings (SPEC §6), by whoever manages the mailbox (owner, a manage grant, an admin).
 * Nothing is reset when the CRM is turned on: the mailbox's CRM cursor stood still while it was off, so the
 * next sync judges every message imported since, within the window of the last N days.
 */
export async function updateMailboxCrmSettings(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; settings: z.input<typeof mailboxCrmSettingsSchema> },
): Promise<CrmMailboxSettings> {
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'manage',
  });
  const settings = parseInput(mailboxCrmSettingsSchema, options.settings);
  await db
    .update(mailboxes)
    .set({
      crmEnabled: settings.enabled,
      crmWindowDays: settings.windowDays,
      crmRouteToManager: settings.routeToManager,
      crmCreateLeads: settings.createLeads,
      updatedAt: new Date(),
    })
    .where(eq(mailboxes.id, mailbox.id));
  return settings;
}
