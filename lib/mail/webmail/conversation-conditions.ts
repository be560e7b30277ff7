import { and, isNull, not, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messages, type MailFolder, type Mailbox } from '@/db/schema';
import type { Actor } from '../../access/actor';
import type { MessageFilters } from './message-filters';
import { filterConditions, parsedSearch } from './filter-conditions';
import { searchConditions } from './search-conditions';
import { searchScope, searchTimeZone } from './search-scope';

/** Whether a list needs the per-message path: any filter or search at all. */
export function hasMessageFilters(filters: MessageFilters | undefined): boolean {
  if (!filters) return false;
  return Boolean(filters.after || filters.before || filters.status?.length || filters.linked?.length || filters.q);
}

/**
 * The conditions on `messages` of a filtered or searched conversation list: the search's scope (the open
 * folder, `in:<folder>` or `in:all`), listed rows that belong to a conversation, then the filters and the
 * search, exactly as the message list applies them.
 */
export async function matchingMessageConditions(
  db: DbOrTx,
  options: { actor: Actor; folder: MailFolder; mailbox: Mailbox; filters: MessageFilters },
): Promise<SQL> {
  const search = parsedSearch(options.filters.q);
  const conditions = [
    await searchScope(db, {
      actor: options.actor,
      folder: options.folder,
      mailbox: options.mailbox,
      scope: search?.in ?? null,
    }),
    not(messages.hiddenFromWebmail),
    isNull(messages.goneFromServerAt),
    sql`${messages.threadId} is not null`,
    ...filterConditions(options.filters),
  ];
  if (search) {
    const dated = search.after !== null || search.before !== null;
    conditions.push(...searchConditions(db, search, dated ? await searchTimeZone(db, options.actor) : 'UTC'));
  }
  return and(...conditions)!;
}
