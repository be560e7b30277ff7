import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { crmExceptions, type CrmException } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import { assertCrmUser } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import { parseCrmExceptionValue } from './crm-exception-value';

const exceptionInputSchema = z.object({
  value: z.string().max(1000, { error: 'That is too long for an address or a domain.' }),
});

/** Adds an address or a whole domain whose mail never goes to the CRM (admins only, SPEC §6). */
export async function addCrmException(db: DbOrTx, options: { actor: Actor; value: string }): Promise<CrmException> {
  const actor = assertCrmUser(options.actor);
  assertOrgAdmin(actor, actor.orgId);
  const { value } = parseInput(exceptionInputSchema, { value: options.value });
  const parsed = parseCrmExceptionValue(value);
  if (!parsed) {
    const message = 'Enter an e-mail address (ada@example.com) or a domain (example.com or @example.com).';
    throw new AppError('validation', { userMessage: message, details: { fieldErrors: { value: message } } });
  }
  const [added] = await db
    .insert(crmExceptions)
    .values({ orgId: actor.orgId, ...parsed, createdByUserId: actor.userId })
    .onConflictDoNothing()
    .returning();
  if (!added) {
    const message = `${parsed.value} is already on the exception list.`;
    throw new AppError('conflict', { userMessage: message, details: { fieldErrors: { value: message } } });
  }
  return added;
}
