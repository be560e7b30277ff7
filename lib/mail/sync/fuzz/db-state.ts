import { inArray, sql } from 'drizzle-orm';
import { messageLinks } from '@/db/schema';
import type { RunContext } from './context';
import { fuzzIdOfSubject } from './messages';

export type DbFolder = {
  id: number;
  path: string;
  syncEnabled: boolean;
  uidValidity: number | null;
  specialUse: string | null;
  gone: string | null;
};

export type DbRow = {
  id: number;
  folderId: number;
  path: string;
  uid: number;
  flags: string[];
  keywords: string[];
  messageId: string | null;
  fuzzId: number | null;
  /** In the webmail: positive UID, not hidden, not marked gone from the server. */
  visible: boolean;
  /** Why not visible, when not. */
  hiddenBy: string | null;
  /** The engine's "gone from the server" marker, when set. */
  gone: string | null;
};

/** `goneColumn`: the messages column marking rows gone from the server, once the schema has one. */
export type DbState = { folders: DbFolder[]; rows: DbRow[]; goneColumn: string | null };

type JsonRow = Record<string, unknown>;

const text = (row: JsonRow, key: string): string | null => (typeof row[key] === 'string' ? (row[key] as string) : null);
const num = (row: JsonRow, key: string): number | null =>
  row[key] === null || row[key] === undefined ? null : Number(row[key]);
const truthy = (value: unknown) => value !== null && value !== undefined && value !== false;

/**
 * "Gone from the server" markers: any column whose name says `gone` (`gone_from_server_at`, …) that is set.
 * Read from whole rows as JSON, so a column the engine adds later counts without changing this file.
 */
function goneMarker(row: JsonRow): string | null {
  const key = Object.keys(row).find((k) => /gone/i.test(k) && truthy(row[k]));
  return key ? `${key}=${String(row[key])}` : null;
}

export async function loadDbState(ctx: Pick<RunContext, 'db' | 'mailboxId'>): Promise<DbState> {
  const folderRows = await ctx.db.execute<{ f: JsonRow }>(
    sql`select to_jsonb(f) as f from mail_folders f where f.mailbox_id = ${ctx.mailboxId} order by f.path collate "C"`,
  );
  const folders: DbFolder[] = folderRows.rows.map(({ f }) => ({
    id: Number(f.id),
    path: text(f, 'path') ?? '',
    syncEnabled: f.sync_enabled === true,
    uidValidity: num(f, 'uid_validity'),
    specialUse: text(f, 'special_use'),
    gone: goneMarker(f),
  }));
  const pathOf = new Map(folders.map((f) => [f.id, f.path]));
  const messageRows = await ctx.db.execute<{ m: JsonRow }>(
    sql`select to_jsonb(m) - 'search_vector' as m from messages m where m.mailbox_id = ${ctx.mailboxId} order by m.id`,
  );
  const rows: DbRow[] = messageRows.rows.map(({ m }) => {
    const uid = Number(m.uid);
    const gone = goneMarker(m);
    const hiddenBy = gone ?? (m.hidden_from_webmail === true ? 'hidden_from_webmail' : uid <= 0 ? `uid ${uid}` : null);
    const flags = (['seen', 'flagged', 'answered', 'draft'] as const)
      .filter((f) => m[f] === true)
      .map((f) => `\\${f[0]!.toUpperCase()}${f.slice(1)}`);
    return {
      id: Number(m.id),
      folderId: Number(m.folder_id),
      path: pathOf.get(Number(m.folder_id)) ?? `?folder ${String(m.folder_id)}`,
      uid,
      flags,
      keywords: Array.isArray(m.keywords) ? m.keywords.map(String) : [],
      messageId: text(m, 'message_id_header'),
      fuzzId: fuzzIdOfSubject(text(m, 'subject')),
      visible: hiddenBy === null,
      hiddenBy,
      gone,
    };
  });
  // Picks of rows must replay: in an order the server state decides (row ids differ from run to run).
  const order = (a: DbRow, b: DbRow) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.uid - b.uid || a.id - b.id);
  rows.sort(order);
  const columns = await ctx.db.execute<{ name: string }>(
    sql`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'messages' and column_name like '%gone%'`,
  );
  return { folders, rows, goneColumn: columns.rows[0]?.name ?? null };
}

/** Number of message_links rows per message. */
export async function linkCounts(
  ctx: Pick<RunContext, 'db'>,
  messageIds: number[],
): Promise<Map<number, { count: number; kinds: string[] }>> {
  if (messageIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      messageId: messageLinks.messageId,
      count: sql<number>`count(*)::int`,
      kinds: sql<string[]>`array_agg(${messageLinks.kind}::text order by ${messageLinks.kind})`,
    })
    .from(messageLinks)
    .where(inArray(messageLinks.messageId, messageIds))
    .groupBy(messageLinks.messageId);
  return new Map(rows.map((r) => [r.messageId, { count: r.count, kinds: r.kinds }]));
}

export const describeRow = (row: Pick<DbRow, 'id' | 'fuzzId' | 'path' | 'uid'>) =>
  `#${row.id}(fz ${row.fuzzId ?? '?'} @ ${JSON.stringify(row.path)}:${row.uid})`;
