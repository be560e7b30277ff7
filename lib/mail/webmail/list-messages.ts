import { and, isNull, not, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messages, type MessageLinkKind } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { getFolderForActor } from './folder-access';
import { decodeCursor, encodeCursor, type MessageFilters } from './message-filters';
import { filterConditions, parsedSearch } from './filter-conditions';
import { searchConditions } from './search-conditions';
import { searchScope, searchTimeZone } from './search-scope';

export const LIST_PAGE_SIZE = 50;

export type MessageListItem = {
  id: number;
  folderId: number;
  mailboxId: string;
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
  snippet: string;
  receivedAt: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  linkKinds: MessageLinkKind[];
  bodyState: 'pending' | 'complete' | 'too_large' | 'damaged';
};

export type MessagePage = { items: MessageListItem[]; nextCursor: string | null };

/**
 * One page of a folder, newest first. Pages follow a keyset cursor (received date, id) rather than an
 * offset, so page 2,000 of a 100,000-message folder costs what page 1 does, and a message arriving while
 * someone scrolls neither repeats nor skips a row. A search (`filters.q`, see parse-search-query) may reach
 * another folder of the mailbox (`in:sent`) or every readable folder (`in:all`); the cursor is the same.
 */
export async function listMessages(
  db: DbOrTx,
  options: { actor: Actor; folderId: number; cursor?: string; filters?: MessageFilters; limit?: number },
): Promise<MessagePage> {
  const { folder, mailbox } = await getFolderForActor(db, options);
  const search = parsedSearch(options.filters?.q);
  const limit = Math.min(Math.max(options.limit ?? LIST_PAGE_SIZE, 1), 200);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !cursor) throw new AppError('validation', { problem: { key: 'mail.listPositionStale' } });

  const conditions = [
    await searchScope(db, { actor: options.actor, folder, mailbox, scope: search?.in ?? null }),
    not(messages.hiddenFromWebmail),
    isNull(messages.goneFromServerAt),
    ...filterConditions(options.filters ?? {}),
  ];
  if (search) {
    const dated = search.after !== null || search.before !== null;
    conditions.push(...searchConditions(db, search, dated ? await searchTimeZone(db, options.actor) : 'UTC'));
  }
  // A row comparison, so PostgreSQL walks the (folder, received desc, id desc) index from the cursor on.
  if (cursor)
    conditions.push(
      sql`(${messages.receivedAt}, ${messages.id}) < (${cursor.receivedAt}::timestamptz, ${cursor.id}::bigint)`,
    );

  const rows = await db
    .select({
      id: messages.id,
      folderId: messages.folderId,
      mailboxId: messages.mailboxId,
      subject: messages.subject,
      fromName: messages.fromName,
      fromAddress: messages.fromAddress,
      snippet: messages.snippet,
      receivedAt: messages.receivedAt,
      seen: messages.seen,
      flagged: messages.flagged,
      answered: messages.answered,
      hasAttachments: messages.hasAttachments,
      linkKinds: messages.linkKinds,
      bodyState: messages.bodyState,
    })
    .from(messages)
    .where(and(...conditions))
    // NULLS LAST as in the index (drizzle-kit writes .desc() so); a plain DESC means NULLS FIRST, which the
    // planner cannot serve from it and answers by sorting the whole folder (400 ms at 100,000 messages).
    .orderBy(sql`${messages.receivedAt} desc nulls last`, sql`${messages.id} desc nulls last`)
    .limit(limit + 1);

  const page = rows.slice(0, limit).map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() }));
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: rows.length > limit && last ? encodeCursor({ receivedAt: last.receivedAt, id: last.id }) : null,
  };
}
