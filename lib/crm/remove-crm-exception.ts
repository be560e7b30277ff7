import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmExceptions } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import { assertCrmUser } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { uuidSchema } from '../validation';

/** Removes an entry from the organization's CRM exception list (admins only). */
export async function removeCrmException(db: DbOrTx, options: { actor: Actor; exceptionId: string }): Promise<void> {
  const actor = assertCrmUser(options.actor);
  assertOrgAdmin(actor, actor.orgId);
  const notFound = () => new AppError('not_found', { problem: { key: 'crm.exceptionGone' } });
  if (!uuidSchema.safeParse(options.exceptionId).success) throw notFound();
  const removed = await db
    .delete(crmExceptions)
    .where(and(eq(crmExceptions.id, options.exceptionId), eq(crmExceptions.orgId, actor.orgId)))
    .returning({ id: crmExceptions.id });
  if (removed.length === 0) throw notFound();
}
