import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmExceptions, mailboxes, users } from '@/db/schema';
import type { CrmRulesInput } from './crm-rules';

export type CrmRuleContext = Pick<CrmRulesInput, 'employeeAddresses' | 'exceptions'> & {
  /** Names of the organization's users, for the routing decision ("routed to Bob"). */
  userNames: ReadonlyMap<string, string>;
};

/**
 * What the CRM rules need to know about an organization: who its employees are (every user, active or not,
 * and every mailbox address, shared ones included) and its exception list. Read once per batch of messages.
 */
export async function loadCrmRuleContext(db: DbOrTx, options: { orgId: string }): Promise<CrmRuleContext> {
  // One after the other: inside a transaction they share one connection.
  const people = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.orgId, options.orgId));
  const boxes = await db.select({ email: mailboxes.email }).from(mailboxes).where(eq(mailboxes.orgId, options.orgId));
  const exceptions = await db
    .select({ kind: crmExceptions.kind, value: crmExceptions.value })
    .from(crmExceptions)
    .where(eq(crmExceptions.orgId, options.orgId));
  return {
    employeeAddresses: new Set(
      [...people.map((p) => p.email), ...boxes.map((b) => b.email)].map((e) => e.toLowerCase()),
    ),
    exceptions: {
      addresses: new Set(exceptions.filter((e) => e.kind === 'address').map((e) => e.value.toLowerCase())),
      domains: exceptions.filter((e) => e.kind === 'domain').map((e) => e.value.toLowerCase()),
    },
    userNames: new Map(people.map((p) => [p.id, p.name])),
  };
}
