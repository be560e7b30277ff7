import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { crmContacts } from '@/db/schema';
import { assertCrmUser } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { containsPattern, decodeListCursor, encodeListCursor } from '../list-cursor';
import { parseInput } from '../validation';
import { userNamesOf } from './user-names';

// From the page's query string as typed: a search is cut to 200 characters; ten thousand were not typed.
const listContactsSchema = z.object({
  q: z.string().max(10_000, { error: 'field.searchTooLong' }).optional(),
  cursor: z.string().optional(),
});

export type ContactListItem = {
  id: string;
  name: string;
  emails: string[];
  company: string | null;
  responsibleName: string | null;
};
export type ContactPage = { items: ContactListItem[]; nextCursor: string | null };

const PAGE_SIZE = 50;

/** The organization's contacts by name, optionally those whose name, company or an address contains `q`. */
export async function listContacts(
  db: DbOrTx,
  options: { actor: Actor; q?: string; cursor?: string },
): Promise<ContactPage> {
  const actor = assertCrmUser(options.actor);
  const query = parseInput(listContactsSchema, { q: options.q, cursor: options.cursor });
  const cursor = decodeListCursor(query.cursor, 'text');
  const q = query.q?.trim().slice(0, 200);
  const pattern = q ? containsPattern(q) : null;
  const rows = await db
    .select()
    .from(crmContacts)
    .where(
      and(
        eq(crmContacts.orgId, actor.orgId),
        pattern
          ? or(
              ilike(crmContacts.name, pattern),
              ilike(crmContacts.company, pattern),
              sql`exists (select 1 from unnest(${crmContacts.emails}) e where e ilike ${pattern})`,
            )
          : undefined,
        // Served by the (org, name) index from the cursor on.
        cursor ? sql`(${crmContacts.name}, ${crmContacts.id}) > (${cursor.key}, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(crmContacts.name), asc(crmContacts.id))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  const names = await userNamesOf(
    db,
    page.map((c) => c.responsibleUserId),
  );
  const last = page.at(-1);
  return {
    items: page.map((c) => ({
      id: c.id,
      name: c.name,
      emails: c.emails,
      company: c.company,
      responsibleName: c.responsibleUserId ? (names.get(c.responsibleUserId) ?? null) : null,
    })),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeListCursor({ key: last.name, id: last.id }) : null,
  };
}
