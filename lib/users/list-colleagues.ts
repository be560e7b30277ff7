import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';

export type Colleague = { id: string; name: string; email: string };

/** The active people of the actor's organization, for "responsible", chat members and attendees pickers. */
export async function listColleagues(db: DbOrTx, options: { actor: Actor }): Promise<Colleague[]> {
  if (options.actor.kind !== 'user')
    throw new AppError('forbidden', { message: 'Colleagues are listed for a signed-in user' });
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.orgId, options.actor.orgId), eq(users.active, true)))
    .orderBy(asc(users.name));
}
