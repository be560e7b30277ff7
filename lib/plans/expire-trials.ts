import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations } from '@/db/schema';
import { systemActor } from '../access/actor';
import { deleteUnlinkedMessages } from '../retention/delete-unlinked-messages';
import { changePlan } from './change-plan';

export type TrialExpiry = { orgId: string; name: string; deletedMessages: number; batches: number };

/**
 * The daily check (SPEC §2): every trial past its end moves to free, sync stops, and local messages not
 * linked to a task or the CRM are deleted from Mailroom (never from the mail server). Safe to run twice: an
 * organization already on free is not picked again.
 */
export async function expireTrials(db: Db, options: { now?: Date } = {}): Promise<TrialExpiry[]> {
  const now = options.now ?? new Date();
  const due = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(eq(organizations.plan, 'trial'), lte(organizations.trialEndsAt, now)));
  const report: TrialExpiry[] = [];
  for (const org of due) {
    await changePlan(db, { orgId: org.id, plan: 'free', actor: systemActor, now, reason: 'trial_ended' });
    const { deleted, batches } = await deleteUnlinkedMessages(db, { orgId: org.id });
    report.push({ orgId: org.id, name: org.name, deletedMessages: deleted, batches });
  }
  return report;
}
