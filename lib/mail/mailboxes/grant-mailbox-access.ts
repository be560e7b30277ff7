import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, organizations, users, type MailboxAccessLevel } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { throwIfSharedMailboxLimitReached } from '../../plans/guards';
import { parseInput, uuidSchema } from '../../validation';

const grantSchema = z.object({
  mailboxId: uuidSchema,
  userId: uuidSchema,
  level: z.enum(['read', 'send', 'manage'], { error: 'field.accessLevel' }),
});

export type GrantResult = { userId: string; level: MailboxAccessLevel; previousLevel: MailboxAccessLevel | null };

/**
 * Gives a colleague access to a mailbox at a level, or changes the level they have (SPEC §1, §3). Whoever
 * manages the mailbox may do it: its owner, a manage grantee, an admin — who may also grant themselves, which
 * is how an admin comes to read a mailbox, and it is audited like any grant. The first grant makes the mailbox
 * shared, so the plan's shared-mailbox limit is checked with the organization row locked: two grants at once
 * cannot both take the last place. Granting the level someone already has changes nothing.
 */
export async function grantMailboxAccess(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; userId: string; level: string; now?: Date },
): Promise<GrantResult> {
  const input = parseInput(grantSchema, options);
  return db.transaction(async (tx) => {
    const mailbox = await getMailboxForActor(tx, {
      mailboxId: input.mailboxId,
      actor: options.actor,
      permission: 'manage',
    });
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, mailbox.orgId)).for('update');
    const [grantee] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.orgId, mailbox.orgId)));
    if (!grantee?.active) throw new AppError('not_found', { problem: { key: 'mailbox.noActiveColleague' } });
    if (grantee.id === mailbox.ownerUserId)
      throw new AppError('validation', {
        problem: { key: 'mailbox.ownerHasFullAccess', values: { name: grantee.name } },
      });

    const [existing] = await tx
      .select()
      .from(mailboxAccess)
      .where(and(eq(mailboxAccess.mailboxId, mailbox.id), eq(mailboxAccess.userId, grantee.id)));
    if (existing?.level === input.level)
      return { userId: grantee.id, level: input.level, previousLevel: existing.level };
    if (!existing) await throwIfSharedMailboxLimitReached(tx, { org: org!, mailboxId: mailbox.id, now: options.now });

    await tx
      .insert(mailboxAccess)
      .values({
        orgId: mailbox.orgId,
        mailboxId: mailbox.id,
        userId: grantee.id,
        level: input.level,
        grantedByUserId: options.actor.kind === 'user' ? options.actor.userId : null,
      })
      .onConflictDoUpdate({
        target: [mailboxAccess.mailboxId, mailboxAccess.userId],
        set: { level: input.level, grantedByUserId: options.actor.kind === 'user' ? options.actor.userId : null },
      });
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.access_granted',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: {
        email: mailbox.email,
        userId: grantee.id,
        userEmail: grantee.email,
        level: input.level,
        previousLevel: existing?.level ?? null,
        self: options.actor.kind === 'user' && options.actor.userId === grantee.id,
      },
    });
    return { userId: grantee.id, level: input.level, previousLevel: existing?.level ?? null };
  });
}
