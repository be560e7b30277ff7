import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmContacts, type CrmContact } from '@/db/schema';
import { assertResponsibleUser, getContactForActor } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';
import { assertEmailsFree, contactInputSchema, type ContactInput } from './contact-input';

/** Name, addresses, company and responsible manager of a contact; any member of the organization may. */
export async function updateContact(
  db: DbOrTx,
  options: { actor: Actor; contactId: string; input: ContactInput },
): Promise<CrmContact> {
  const contact = await getContactForActor(db, options);
  const input = parseInput(contactInputSchema, options.input);
  if (input.responsibleUserId && input.responsibleUserId !== contact.responsibleUserId) {
    await assertResponsibleUser(db, { orgId: contact.orgId, userId: input.responsibleUserId });
  }
  await assertEmailsFree(db, { orgId: contact.orgId, emails: input.emails, exceptContactId: contact.id });
  const [updated] = await db
    .update(crmContacts)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(crmContacts.id, contact.id))
    .returning();
  return updated!;
}
