import { applyMessageAction, type MessageAction } from '@/lib/mail/actions/apply-message-action';
import { saveMessageToCrm } from '@/lib/crm/save-message-to-crm';
import { createTask } from '@/lib/tasks/create-task';
import type { RunContext } from './context';
import { describeRow, linkCounts, loadDbState, type DbRow } from './db-state';
import type { Rng } from './prng';

/** What the mailbox owner does in Mailroom, on rows the webmail shows. */
export const appOps = {
  async mailroomAction(ctx: RunContext, rng: Rng): Promise<string> {
    const state = await loadDbState(ctx);
    const rows = state.rows.filter((r) => r.visible);
    if (rows.length === 0) return 'skip (no visible rows)';
    const chosen = rng.sample(rows, rng.between(1, 2));
    const kind = rng.weighted({ read: 2, unread: 1.5, flag: 1.5, unflag: 1, move: 2, delete: 1.5, spam: 1 });
    const messageIds = chosen.map((r) => r.id);
    let action: MessageAction;
    let target = '';
    if (kind === 'move') {
      const folders = state.folders.filter((f) => f.syncEnabled && !f.gone && f.id !== chosen[0]!.folderId);
      if (folders.length === 0) return 'skip (no folder to move to)';
      const folder = rng.pick(folders);
      action = { action: 'move', messageIds, folderId: folder.id };
      target = ` → ${JSON.stringify(folder.path)}`;
    } else {
      action = { action: kind, messageIds };
    }
    const described = `${kind} ${chosen.map(describeRow).join(' ')}${target}`;
    const trash = new Set(state.folders.filter((f) => f.specialUse === 'trash').map((f) => f.id));
    const result = await applyMessageAction(ctx.db, { actor: ctx.actor, action });
    const after = new Set((await loadDbState(ctx)).rows.map((r) => r.id));
    // Deleted for good from Trash, as the user asked: their links go with them. Any other row gone is not.
    if (kind === 'delete')
      for (const row of chosen) if (trash.has(row.folderId) && !after.has(row.id)) ctx.deletedOnPurpose.add(row.id);
    const lost = chosen.filter((r) => !after.has(r.id) && !ctx.deletedOnPurpose.has(r.id));
    const note = lost.length
      ? `; rows deleted by the action itself: ${lost.map((r) => `#${r.id}${ctx.linked.has(r.id) ? ' (linked)' : ''}`).join(' ')}`
      : '';
    return `${described} → updated ${result.updated}, deleted for good ${result.deletedForGood}${note}`;
  },

  async linkTask(ctx: RunContext, rng: Rng): Promise<string> {
    const row = await pickRow(ctx, rng);
    if (!row) return 'skip (no visible rows)';
    const task = await createTask(ctx.db, {
      actor: ctx.actor,
      input: { title: `Fuzz task for fz ${row.fuzzId ?? '?'}`, messageIds: [row.id] },
    });
    return `${describeRow(row)} → task ${task.id.slice(0, 8)}, ${await track(ctx, row)}`;
  },

  async linkCrm(ctx: RunContext, rng: Rng): Promise<string> {
    const row = await pickRow(ctx, rng);
    if (!row) return 'skip (no visible rows)';
    const saved = await saveMessageToCrm(ctx.db, { actor: ctx.actor, messageId: row.id });
    return `${describeRow(row)} → activity ${saved.activityId.slice(0, 8)}, ${await track(ctx, row)}`;
  },
};

async function pickRow(ctx: RunContext, rng: Rng): Promise<DbRow | null> {
  const rows = (await loadDbState(ctx)).rows.filter((r) => r.visible);
  return rows.length > 0 ? rng.pick(rows) : null;
}

/** Remembers the linked row and how many links it has now. */
async function track(ctx: RunContext, row: DbRow): Promise<string> {
  const links = (await linkCounts(ctx, [row.id])).get(row.id) ?? { count: 0, kinds: [] };
  ctx.linked.set(row.id, {
    rowId: row.id,
    fuzzId: row.fuzzId,
    links: links.count,
    kinds: links.kinds,
    where: `${JSON.stringify(row.path)}:${row.uid}`,
  });
  return `${links.count} link(s)`;
}
