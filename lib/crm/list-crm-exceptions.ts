import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmExceptions } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import { assertCrmUser } from '../access/crm-access';
import type { Actor } from '../access/actor';

export type CrmExceptionView = { id: string; kind: 'address' | 'domain'; value: string; createdAt: string };

/** The organization's CRM exception list, addresses then domains, for the admins' settings page. */
export async function listCrmExceptions(db: DbOrTx, options: { actor: Actor }): Promise<CrmExceptionView[]> {
  const actor = assertCrmUser(options.actor);
  assertOrgAdmin(actor, actor.orgId);
  const rows = await db
    .select()
    .from(crmExceptions)
    .where(eq(crmExceptions.orgId, actor.orgId))
    .orderBy(asc(crmExceptions.kind), asc(crmExceptions.value));
  return rows.map((r) => ({ id: r.id, kind: r.kind, value: r.value, createdAt: r.createdAt.toISOString() }));
}
