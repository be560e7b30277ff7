import { eq, gte, lt, not, sql, type SQL } from 'drizzle-orm';
import { messages } from '@/db/schema';
import { parseSearchQuery, type ParsedSearch } from '../../search/parse-search-query';
import { searchQueryAppError } from '../../search/search-query-error';
import type { MessageFilters, MessageStatus } from './message-filters';

// The filter bar's statuses, on single messages: the message list and the conversation list (a conversation
// matches when one of its messages does) share them.
const statusCondition: Record<MessageStatus, SQL> = {
  unread: not(messages.seen),
  read: eq(messages.seen, true),
  flagged: eq(messages.flagged, true),
  answered: eq(messages.answered, true),
  attachments: eq(messages.hasAttachments, true),
};

/** The filter bar's conditions on `messages` (dates, statuses, kinds of linked work). */
export function filterConditions(filters: MessageFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.after) conditions.push(gte(messages.receivedAt, new Date(filters.after)));
  if (filters.before) conditions.push(lt(messages.receivedAt, new Date(filters.before)));
  for (const status of new Set(filters.status ?? [])) conditions.push(statusCondition[status]);
  if (filters.linked?.length) {
    conditions.push(sql`${messages.linkKinds} && ${`{${filters.linked.join(',')}}`}::message_link_kind[]`);
    // Implied by the overlap, but spelled out so the planner can use the partial messages_folder_linked_idx.
    conditions.push(sql`${messages.linkKinds} <> '{}'::message_link_kind[]`);
  }
  return conditions;
}

/** The search box's text, parsed; a malformed operator is a 400 with the reason for the hint. */
export function parsedSearch(q: string | undefined): ParsedSearch | null {
  if (!q) return null;
  const parsed = parseSearchQuery(q);
  if (!parsed.ok) throw searchQueryAppError(parsed.error);
  return parsed.query;
}
