import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, users } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { parseInput, uuidSchema } from '../../validation';

/**
 * Takes a colleague's access away. Nothing caches grants (every read checks the table), so their next request
 * is refused and an open webmail view loses the mailbox at its next refresh. Revoking twice is not found the
 * second time: a double click shows the list as it is.
 */
export async function revokeMailboxAccess(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; userId: string },
): Promise<{ userId: string }> {
  const mailboxId = parseInput(uuidSchema, options.mailboxId);
  const userId = parseInput(uuidSchema, options.userId);
  return db.transaction(async (tx) => {
    const mailbox = await getMailboxForActor(tx, { mailboxId, actor: options.actor, permission: 'manage' });
    const [removed] = await tx
      .delete(mailboxAccess)
      .where(and(eq(mailboxAccess.mailboxId, mailbox.id), eq(mailboxAccess.userId, userId)))
      .returning({ level: mailboxAccess.level });
    if (!removed) throw new AppError('not_found', { problem: { key: 'mailbox.noAccessToRevoke' } });
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.access_revoked',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: {
        email: mailbox.email,
        userId,
        userEmail: user?.email ?? null,
        previousLevel: removed.level,
        self: options.actor.kind === 'user' && options.actor.userId === userId,
      },
    });
    return { userId };
  });
}
