import { and, asc, eq, gt, gte, max, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, mailEvents } from '@/db/schema';
import type { Actor } from '../access/actor';
import { mailboxReadableBy } from '../access/mailbox-access';
import type { LiveMailEvent, MailEventKind } from './mail-event';

/** More events than this since a reconnect: the page refetches instead of replaying them one by one. */
export const REPLAY_LIMIT = 500;
// Event ids are taken at insert, but transactions commit in any order: an event with a smaller id than the
// last one a tab saw may become visible after it. Events this much older than that last one are sent again
// (the page ignores ids it has seen), so a reconnect loses none of them.
export const REPLAY_OVERLAP = '30 seconds';

export type Replay = { kind: 'events'; events: LiveMailEvent[] } | { kind: 'gap'; latestId: number };

/** The newest event id (0 before the first): where a fresh stream starts. */
export async function latestMailEventId(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ id: max(mailEvents.id) }).from(mailEvents);
  return row?.id ?? 0;
}

/**
 * What a tab that last saw event `after` missed, in the mailboxes the actor may read now. A gap when `after`
 * is no longer kept (purged after a day, or never existed), or when too much happened: the page then refetches.
 */
export async function replayMailEvents(
  db: DbOrTx,
  options: { actor: Extract<Actor, { kind: 'user' }>; after: number },
): Promise<Replay> {
  const gap = async (): Promise<Replay> => ({ kind: 'gap', latestId: await latestMailEventId(db) });
  const [anchor] =
    options.after > 0
      ? await db.select({ createdAt: mailEvents.createdAt }).from(mailEvents).where(eq(mailEvents.id, options.after))
      : [];
  if (!anchor)
    return options.after === 0 && (await latestMailEventId(db)) === 0 ? { kind: 'events', events: [] } : gap();
  const rows = await db
    .select({
      id: mailEvents.id,
      mailboxId: mailEvents.mailboxId,
      folderId: mailEvents.folderId,
      kind: mailEvents.kind,
    })
    .from(mailEvents)
    .innerJoin(mailboxes, eq(mailboxes.id, mailEvents.mailboxId))
    .where(
      and(
        or(
          gt(mailEvents.id, options.after),
          gte(mailEvents.createdAt, sql`${anchor.createdAt}::timestamptz - ${REPLAY_OVERLAP}::interval`),
        ),
        mailboxReadableBy(db, options.actor),
      ),
    )
    .orderBy(asc(mailEvents.id))
    .limit(REPLAY_LIMIT + 1);
  if (rows.length > REPLAY_LIMIT) return gap();
  return { kind: 'events', events: rows.map((r) => ({ ...r, kind: r.kind as MailEventKind })) };
}
