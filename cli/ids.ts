import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { organizations } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { uuidSchema } from '@/lib/validation';

export type CliEntity = 'organization' | 'user' | 'mailbox';

/**
 * An id given on the command line. Every id is a UUID, so anything else names nothing: it is "No such …"
 * (not_found, exit code 3), as an unknown id is, instead of reaching a query PostgreSQL would refuse.
 */
export function idArgument(entity: CliEntity, value: string): string {
  const parsed = uuidSchema.safeParse(value.trim());
  if (!parsed.success) throw noSuch(entity);
  return parsed.data;
}

/** An organization that exists, for commands whose lib operation would otherwise answer for none silently. */
export async function existingOrgId(db: DbOrTx, value: string): Promise<string> {
  const orgId = idArgument('organization', value);
  const [org] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw noSuch('organization');
  return orgId;
}

function noSuch(entity: CliEntity): AppError {
  return new AppError('not_found', {
    message: `No such ${entity} (given on the command line)`,
    userMessage: `No such ${entity}.`,
  });
}
