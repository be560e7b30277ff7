import type { DbOrTx } from '@/db/client';
import { crmContacts, type CrmContact } from '@/db/schema';
import { assertCrmUser, assertResponsibleUser } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';
import { assertEmailsFree, contactInputSchema, type ContactInput } from './contact-input';

/** A contact of the actor's organization; mail from its addresses then lands on it. */
export async function createContact(db: DbOrTx, options: { actor: Actor; input: ContactInput }): Promise<CrmContact> {
  const actor = assertCrmUser(options.actor);
  const input = parseInput(contactInputSchema, options.input);
  if (input.responsibleUserId) await assertResponsibleUser(db, { orgId: actor.orgId, userId: input.responsibleUserId });
  await assertEmailsFree(db, { orgId: actor.orgId, emails: input.emails });
  const [contact] = await db
    .insert(crmContacts)
    .values({ orgId: actor.orgId, ...input })
    .returning();
  return contact!;
}
