import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmLeads, type CrmLeadStatus } from '@/db/schema';
import { assertCrmUser } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { decodeListCursor, encodeListCursor, timestampPosition } from '../list-cursor';
import { userNamesOf } from './user-names';

export type LeadListItem = {
  id: string;
  title: string;
  name: string | null;
  email: string | null;
  status: CrmLeadStatus;
  responsibleName: string | null;
  createdAt: string;
};
export type LeadPage = { items: LeadListItem[]; nextCursor: string | null };

const PAGE_SIZE = 50;

/** The organization's leads, newest first, optionally of one status. */
export async function listLeads(
  db: DbOrTx,
  options: { actor: Actor; status?: CrmLeadStatus; cursor?: string },
): Promise<LeadPage> {
  const actor = assertCrmUser(options.actor);
  const cursor = decodeListCursor(options.cursor, 'timestamp');
  const rows = await db
    .select({ lead: crmLeads, position: timestampPosition(crmLeads.createdAt) })
    .from(crmLeads)
    .where(
      and(
        eq(crmLeads.orgId, actor.orgId),
        options.status ? eq(crmLeads.status, options.status) : undefined,
        cursor
          ? sql`(${crmLeads.createdAt}, ${crmLeads.id}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    // NULLS LAST as in the (org, created_at desc) index, so the planner walks it instead of sorting.
    .orderBy(sql`${crmLeads.createdAt} desc nulls last`, desc(crmLeads.id))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE).map((r) => r.lead);
  const names = await userNamesOf(
    db,
    page.map((l) => l.responsibleUserId),
  );
  const last = rows[PAGE_SIZE - 1];
  return {
    items: page.map((l) => ({
      id: l.id,
      title: l.title,
      name: l.name,
      email: l.email,
      status: l.status,
      responsibleName: l.responsibleUserId ? (names.get(l.responsibleUserId) ?? null) : null,
      createdAt: l.createdAt.toISOString(),
    })),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeListCursor({ key: last.position, id: last.lead.id }) : null,
  };
}
