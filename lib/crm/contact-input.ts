import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { crmContacts } from '@/db/schema';
import { emailSchema, fieldError, personNameSchema, uuidSchema } from '../validation';
import { textArray } from './find-crm-target';

// A form sends one text ("a@x.test, b@x.test" or one per line); an API client may send a list.
const emailList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    [value]
      .flat()
      .flatMap((v) => v.split(/[\s,;]+/))
      .filter(Boolean),
  )
  .pipe(z.array(emailSchema).max(20, { error: 'field.contactEmailsTooMany' }))
  .transform((emails) => [...new Set(emails)]);

// A schema's message is a catalogue key and carries no values, so the one length used has its own key.
const optionalText = () =>
  z
    .string()
    .trim()
    .max(200, { error: 'field.atMost200Characters' })
    .optional()
    .transform((v) => v || null);

export const contactInputSchema = z.object({
  name: personNameSchema,
  emails: emailList,
  company: optionalText(),
  responsibleUserId: z
    .preprocess((v) => (v === '' ? null : v), uuidSchema.nullable().optional())
    .transform((v) => v ?? null),
});

export type ContactInput = z.input<typeof contactInputSchema>;

/**
 * A sender must lead to one contact: an address already on another contact of the organization is refused,
 * naming that contact, instead of making the CRM's choice between them arbitrary.
 */
export async function assertEmailsFree(
  db: DbOrTx,
  options: { orgId: string; emails: string[]; exceptContactId?: string },
): Promise<void> {
  if (options.emails.length === 0) return;
  const [taken] = await db
    .select({ name: crmContacts.name, emails: crmContacts.emails })
    .from(crmContacts)
    .where(
      and(
        eq(crmContacts.orgId, options.orgId),
        sql`${crmContacts.emails} && ${textArray(options.emails)}`,
        options.exceptContactId ? ne(crmContacts.id, options.exceptContactId) : undefined,
      ),
    )
    .limit(1);
  if (!taken) return;
  const address = options.emails.find((e) => taken.emails.includes(e)) ?? options.emails[0]!;
  throw fieldError('emails', { key: 'crm.emailTaken', values: { address, name: taken.name } }, 'conflict');
}
