import type { RunContext } from './context';
import { describeRow, type DbRow, type DbState } from './db-state';
import type { ServerState } from './snapshot';

const MAX_ITEMS = 12;
const q = (path: string) => JSON.stringify(path);
const list = (items: string[]) =>
  items.length > MAX_ITEMS ? `${items.slice(0, MAX_ITEMS).join(', ')}, … (${items.length} in all)` : items.join(', ');
const set = (items: string[]) => `[${items.join(' ')}]`;

export type Tracking = Pick<RunContext, 'linked' | 'deletedOnPurpose' | 'duplicated'>;

/**
 * The database against the server, after a clean sync: folders and UIDVALIDITY, per folder the UIDs of the
 * visible rows, per UID flags, keywords, Message-ID and which message (fuzz id) the row holds; then every
 * message linked to work: its row still exists, none of its links is lost, and while the message is still
 * on the server (once, never duplicated) the row holding it is the linked row. Returns readable differences.
 */
export function compareStates(
  server: ServerState,
  db: DbState,
  tracking: Tracking,
  links: Map<number, { count: number; kinds: string[] }>,
): string[] {
  const diff: string[] = [];
  const synced = db.folders.filter((f) => f.syncEnabled && !f.gone);
  const dbPaths = new Set(synced.map((f) => f.path));
  const missingFolders = [...server.keys()].filter((p) => !dbPaths.has(p));
  const extraFolders = [...dbPaths].filter((p) => !server.has(p));
  if (missingFolders.length) diff.push(`folders on the server but not in the database: ${list(missingFolders.map(q))}`);
  const holding = (path: string) => {
    const rows = db.rows.filter((r) => synced.some((f) => f.path === path && f.id === r.folderId));
    return `${q(path)} (${rows.length} rows: ${
      rows
        .map((r) => `${describeRow(r)}${r.visible ? '' : ` ${r.hiddenBy}`}`)
        .slice(0, 4)
        .join(', ') || 'none'
    })`;
  };
  if (extraFolders.length)
    diff.push(`folders in the database but not on the server: ${list(extraFolders.map(holding))}`);

  const visible = db.rows.filter((r) => r.visible);
  const byFolderUid = new Map<string, DbRow>();
  for (const row of visible) byFolderUid.set(`${row.folderId}:${row.uid}`, row);
  const outside = visible.filter((r) => !synced.some((f) => f.id === r.folderId && server.has(f.path)));
  if (outside.length) diff.push(`visible rows in folders not on the server: ${list(outside.map(describeRow))}`);

  let serverTotal = 0;
  for (const [path, folder] of server) {
    serverTotal += folder.messages.size;
    const local = synced.find((f) => f.path === path);
    if (!local) continue;
    if (local.uidValidity !== folder.uidValidity)
      diff.push(`${q(path)}: UIDVALIDITY db ${local.uidValidity} server ${folder.uidValidity}`);
    const rows = visible.filter((r) => r.folderId === local.id);
    const missing = [...folder.messages.values()].filter((m) => !byFolderUid.has(`${local.id}:${m.uid}`));
    const extra = rows.filter((r) => !folder.messages.has(r.uid));
    if (missing.length)
      diff.push(
        `${q(path)}: missing UIDs (on the server, no visible row): ${list(missing.map((m) => `${m.uid}(fz ${m.fuzzId ?? '?'}${hiddenHolders(db, m.fuzzId)})`))}`,
      );
    if (extra.length)
      diff.push(`${q(path)}: extra UIDs (visible rows not on the server): ${list(extra.map(describeRow))}`);
    for (const row of rows) {
      const m = folder.messages.get(row.uid);
      if (!m) continue;
      const problems: string[] = [];
      if (row.fuzzId !== m.fuzzId)
        problems.push(`row holds fz ${row.fuzzId ?? '?'}, server message is fz ${m.fuzzId ?? '?'}`);
      if (set(row.flags) !== set(m.flags)) problems.push(`flags db ${set(row.flags)} server ${set(m.flags)}`);
      const keywords = row.keywords.map((k) => k.toLowerCase()).sort();
      if (set(keywords) !== set(m.keywords)) problems.push(`keywords db ${set(keywords)} server ${set(m.keywords)}`);
      if (row.messageId !== m.messageId)
        problems.push(`Message-ID db ${row.messageId ?? 'none'} server ${m.messageId ?? 'none'}`);
      if (problems.length) diff.push(`${q(path)} uid ${row.uid} row #${row.id}: ${problems.join('; ')}`);
    }
  }
  if (visible.length !== serverTotal)
    diff.push(`visible rows ${visible.length}, messages on the server ${serverTotal}`);
  diff.push(...compareLinks(server, db, byFolderUid, tracking, links));
  return diff;
}

/** Rows not shown that hold this message: where a missing message went. */
function hiddenHolders(db: DbState, fuzzId: number | null): string {
  const rows = fuzzId === null ? [] : db.rows.filter((r) => !r.visible && r.fuzzId === fuzzId);
  return rows.map((r) => `; not visible: ${describeRow(r)} ${r.hiddenBy}`).join('');
}

function compareLinks(
  server: ServerState,
  db: DbState,
  byFolderUid: Map<string, DbRow>,
  tracking: Tracking,
  links: Map<number, { count: number; kinds: string[] }>,
): string[] {
  const diff: string[] = [];
  const where = new Map<number, Array<{ path: string; uid: number }>>();
  for (const [path, folder] of server) {
    for (const m of folder.messages.values())
      if (m.fuzzId !== null) where.set(m.fuzzId, [...(where.get(m.fuzzId) ?? []), { path, uid: m.uid }]);
  }
  const folderId = new Map(db.folders.filter((f) => f.syncEnabled && !f.gone).map((f) => [f.path, f.id]));
  const rowById = new Map(db.rows.map((r) => [r.id, r]));
  for (const tracked of tracking.linked.values()) {
    if (tracking.deletedOnPurpose.has(tracked.rowId)) continue;
    const label = `linked row #${tracked.rowId} (fz ${tracked.fuzzId ?? '?'}, ${tracked.kinds.join('+')}, linked at ${tracked.where})`;
    const row = rowById.get(tracked.rowId);
    if (!row) {
      diff.push(`${label}: row deleted, ${tracked.links} link(s) lost`);
      continue;
    }
    const now = links.get(tracked.rowId)?.count ?? 0;
    if (now < tracked.links) diff.push(`${label}: links ${tracked.links} → ${now}`);
    // Once the schema can say so, a linked row off the lists must say it is gone (not merely hidden).
    if (!row.visible && db.goneColumn && !row.gone)
      diff.push(`${label}: not visible (${row.hiddenBy}, ${q(row.path)}:${row.uid}) but ${db.goneColumn} is not set`);
    if (tracked.fuzzId === null) continue;
    const copies = where.get(tracked.fuzzId) ?? [];
    if (copies.length !== 1 || tracking.duplicated.has(tracked.fuzzId)) continue;
    const at = copies[0]!;
    const holder = byFolderUid.get(`${folderId.get(at.path)}:${at.uid}`);
    if (holder?.id === row.id) continue;
    const state = row.visible
      ? `shows at ${q(row.path)}:${row.uid}`
      : `is not visible (${row.hiddenBy}, ${q(row.path)}:${row.uid})`;
    diff.push(
      `${label}: ${state}, but fz ${tracked.fuzzId} is on the server at ${q(at.path)}:${at.uid}, held by ${holder ? `row #${holder.id}` : 'no row'} (identity lost)`,
    );
  }
  return diff;
}
