import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import type { Organization } from '@/db/schema';
import { retentionCutoff } from '../plans/effective-plan';

export type MailboxPurgePreview = {
  mailboxId: string;
  email: string;
  deleted: number;
  hidden: number;
  keptForTasks: number;
  attachmentsFreed: number;
};

/** What the next purge would do in an organization, per mailbox (dry run, Settings → Plan). */
export async function previewPurge(
  db: DbOrTx,
  options: { org: Pick<Organization, 'id' | 'plan' | 'trialEndsAt'>; now?: Date },
): Promise<{ cutoff: string | null; mailboxes: MailboxPurgePreview[] }> {
  const now = options.now ?? new Date();
  const cutoff = retentionCutoff(options.org, now);
  const due = sql`m.received_at < ${cutoff ?? now}`;
  const result = await db.execute<MailboxPurgePreview>(sql`
    select b.id as "mailboxId", b.email,
      count(m.id) filter (where not (m.link_kinds && array['task', 'crm']::message_link_kind[]))::int as deleted,
      count(m.id) filter (where not m.hidden_from_webmail and m.link_kinds && array['crm']::message_link_kind[] and not (m.link_kinds && array['task']::message_link_kind[]))::int as hidden,
      count(m.id) filter (where m.link_kinds && array['task']::message_link_kind[])::int as "keptForTasks",
      coalesce(sum((select count(*) from attachments a where a.message_id = m.id)) filter (where not (m.link_kinds && array['task', 'crm']::message_link_kind[])), 0)::int as "attachmentsFreed"
    from mailboxes b left join messages m on m.mailbox_id = b.id and ${due}
    where b.org_id = ${options.org.id}
    group by b.id, b.email order by b.email`);
  return { cutoff: cutoff?.toISOString() ?? null, mailboxes: result.rows };
}
