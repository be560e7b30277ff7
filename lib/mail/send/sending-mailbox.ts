import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { organizations, type Mailbox, type Organization } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { throwIfMailUnavailable } from '../../plans/guards';

/**
 * The mailbox the actor writes from, once it is certain it may: the actor has the send right, the plan
 * offers mail (not free, not an ended trial) and the mailbox is enabled (SPEC §2: a disabled mailbox keeps
 * its mail but does not send).
 */
export async function loadSendingMailbox(
  db: DbOrTx,
  options: { actor: Actor; mailboxId: string; now?: Date },
): Promise<{ mailbox: Mailbox; org: Organization }> {
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'send',
  });
  const [org] = await db.select().from(organizations).where(eq(organizations.id, mailbox.orgId)).limit(1);
  if (!org) throw new AppError('not_found', { problem: { key: 'mailbox.notFound' } });
  throwIfMailUnavailable(org, options.now ?? new Date());
  if (mailbox.status !== 'active') {
    const byPlan = mailbox.disabledReason === 'plan_limit';
    throw new AppError(byPlan ? 'limit_exceeded' : 'forbidden', {
      message: `Mailbox ${mailbox.id} is disabled (${mailbox.disabledReason ?? 'no reason'})`,
      problem: {
        key: byPlan ? 'send.mailboxDisabledByPlan' : 'send.mailboxDisabled',
        values: { email: mailbox.email },
      },
    });
  }
  return { mailbox, org };
}
