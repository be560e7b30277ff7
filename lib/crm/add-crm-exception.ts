import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { crmExceptions, type CrmException } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import { assertCrmUser } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { fieldError, parseInput } from '../validation';
import { parseCrmExceptionValue } from './crm-exception-value';

const exceptionInputSchema = z.object({
  value: z.string().max(1000, { error: 'field.exceptionTooLong' }),
});

/** Adds an address or a whole domain whose mail never goes to the CRM (admins only, SPEC §6). */
export async function addCrmException(db: DbOrTx, options: { actor: Actor; value: string }): Promise<CrmException> {
  const actor = assertCrmUser(options.actor);
  assertOrgAdmin(actor, actor.orgId);
  const { value } = parseInput(exceptionInputSchema, { value: options.value });
  const parsed = parseCrmExceptionValue(value);
  if (!parsed) {
    throw fieldError('value', { key: 'crm.exceptionInvalid' });
  }
  const [added] = await db
    .insert(crmExceptions)
    .values({ orgId: actor.orgId, ...parsed, createdByUserId: actor.userId })
    .onConflictDoNothing()
    .returning();
  if (!added) {
    throw fieldError('value', { key: 'crm.exceptionExists', values: { value: parsed.value } }, 'conflict');
  }
  return added;
}
