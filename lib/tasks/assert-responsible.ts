import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { AppError } from '../errors';
import { englishProblem } from '../i18n/problem';

/**
 * The person responsible for a task is an active colleague of the same organization: a task handed to someone
 * of another organization would be visible to them, and one handed to a deactivated account to nobody.
 */
export async function assertResponsibleColleague(
  db: DbOrTx,
  options: { orgId: string; userId: string },
): Promise<void> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, options.userId), eq(users.orgId, options.orgId), eq(users.active, true)))
    .limit(1);
  if (!row) {
    const problem = { key: 'tasks.responsibleNotColleague' };
    throw new AppError('validation', {
      message: `User ${options.userId} is not an active member of org ${options.orgId}`,
      problem,
      details: {
        fieldErrors: { responsibleUserId: englishProblem(problem) },
        fieldProblems: { responsibleUserId: problem },
      },
    });
  }
}
