import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { organizations, purgeRuns, type PurgeRun } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { previewPurge, type MailboxPurgePreview } from './preview-purge';

export type PurgeOverview = { cutoff: string | null; next: MailboxPurgePreview[]; lastRun: PurgeRun | null };

/** For admins on Settings → Plan: what the next purge would do, per mailbox, and what the last one did. */
export async function getPurgeOverview(
  db: DbOrTx,
  options: { actor: Actor; orgId: string; now?: Date },
): Promise<PurgeOverview> {
  assertOrgAdmin(options.actor, options.orgId);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, options.orgId));
  if (!org) throw new AppError('not_found');
  const [preview, [lastRun]] = await Promise.all([
    previewPurge(db, { org, now: options.now }),
    db
      .select()
      .from(purgeRuns)
      .where(eq(purgeRuns.orgId, org.id))
      .orderBy(desc(purgeRuns.createdAt), desc(purgeRuns.id))
      .limit(1),
  ]);
  return { cutoff: preview.cutoff, next: preview.mailboxes, lastRun: lastRun ?? null };
}
