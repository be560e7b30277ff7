import type { RunContext } from './context';
import { customFolders, fuzzIdsOf, nonEmptyFolders, quote, serverFolders } from './context';
import { FOLDER_NAMES } from './generator';
import type { FuzzMessage } from './messages';
import type { Rng } from './prng';

const FLAGS = ['\\Seen', '\\Flagged', '\\Answered', '\\Draft', '$label1', '$Work', 'fuzzy', 'Projekt_X'];
const uidList = (uids: number[]) =>
  uids
    .slice()
    .sort((a, b) => a - b)
    .join(',');

/** What another IMAP client on the account does; each returns a one-line description of what it did. */
export const serverOps = {
  async flags(ctx: RunContext, rng: Rng): Promise<string> {
    const folders = await nonEmptyFolders(ctx.client);
    if (folders.length === 0) return 'skip (no messages)';
    const { path, uids } = rng.pick(folders);
    const chosen = uidList(rng.sample(uids, rng.between(1, 3)));
    const mode = rng.weighted({ '+': 3, '-': 2, '=': 1 });
    const flags = rng.sample(FLAGS, rng.between(mode === '=' ? 0 : 1, 3));
    const lock = await ctx.client.getMailboxLock(path);
    try {
      if (mode === '+') await ctx.client.messageFlagsAdd(chosen, flags, { uid: true });
      else if (mode === '-') await ctx.client.messageFlagsRemove(chosen, flags, { uid: true });
      else await ctx.client.messageFlagsSet(chosen, flags, { uid: true });
    } finally {
      lock.release();
    }
    return `${quote(path)} uids ${chosen} ${mode}(${flags.join(' ')})`;
  },

  async expunge(ctx: RunContext, rng: Rng): Promise<string> {
    const folders = await nonEmptyFolders(ctx.client);
    if (folders.length === 0) return 'skip (no messages)';
    const { path, uids } = rng.pick(folders);
    const chosen = uidList(rng.sample(uids, rng.between(1, 2)));
    const lock = await ctx.client.getMailboxLock(path);
    try {
      await ctx.client.messageDelete(chosen, { uid: true });
    } finally {
      lock.release();
    }
    return `${quote(path)} uids ${chosen}`;
  },

  move: (ctx: RunContext, rng: Rng) => transfer(ctx, rng, 'move'),
  copy: (ctx: RunContext, rng: Rng) => transfer(ctx, rng, 'copy'),

  async append(ctx: RunContext, rng: Rng): Promise<string> {
    const folders = await serverFolders(ctx.client);
    let path = rng.chance(0.4) && folders.includes('INBOX') ? 'INBOX' : rng.pick(folders);
    const earlier = ctx.messages.all();
    let variant =
      earlier.length === 0 ? 'new' : rng.weighted({ new: 3, sameMessageId: 3, noMessageId: 1.5, exactCopy: 1.5 });
    let message: FuzzMessage;
    if (variant === 'sameMessageId') {
      // A twin of a message on the server, often in its folder: what a move or rebuild must not confuse.
      const twin = await twinOf(ctx, rng);
      if (twin && rng.chance(0.6)) path = twin.path;
      if (!twin) variant = 'new';
      message = ctx.messages.create(rng, twin ? { messageId: twin.messageId } : {});
    } else if (variant === 'exactCopy') {
      message = rng.pick(earlier);
      ctx.duplicated.add(message.fuzzId);
    } else {
      message = ctx.messages.create(rng, variant === 'noMessageId' ? { messageId: null } : {});
    }
    const flags = rng.chance(0.3) ? ['\\Seen'] : [];
    const appended = await ctx.client.append(path, message.raw, flags, message.date);
    return `${variant} fz ${message.fuzzId} ${message.messageId ?? '(no Message-ID)'} → ${quote(path)} uid ${appended ? appended.uid : '?'}`;
  },

  async folderCreate(ctx: RunContext, rng: Rng): Promise<string> {
    const existing = new Set((await serverFolders(ctx.client)).map((p) => p.toLowerCase()));
    const free = FOLDER_NAMES.filter((n) => !existing.has(n.toLowerCase()));
    if (free.length === 0) return 'skip (all names taken)';
    const path = rng.pick(free);
    await ctx.client.mailboxCreate(path);
    return quote(path);
  },

  async folderRename(ctx: RunContext, rng: Rng): Promise<string> {
    const from = await pickCustomFolder(ctx, rng);
    const existing = new Set((await serverFolders(ctx.client)).map((p) => p.toLowerCase()));
    const free = FOLDER_NAMES.filter((n) => !existing.has(n.toLowerCase()));
    if (!from || free.length === 0) return 'skip (no folder to rename)';
    const to = rng.pick(free);
    await ctx.client.mailboxOpen('INBOX');
    await ctx.client.mailboxRename(from.path, to);
    return `${quote(from.path)} (${from.count} msgs) → ${quote(to)}`;
  },

  async folderDelete(ctx: RunContext, rng: Rng): Promise<string> {
    const folder = await pickCustomFolder(ctx, rng);
    if (!folder) return 'skip (no custom folder)';
    await ctx.client.mailboxOpen('INBOX');
    await ctx.client.mailboxDelete(folder.path);
    return `${quote(folder.path)} (${folder.count} msgs)`;
  },

  /** Portable: the folder is deleted, created again under the same name and its messages appended again. */
  async uidValidityReset(ctx: RunContext, rng: Rng): Promise<string> {
    const folder = await pickCustomFolder(ctx, rng);
    if (!folder) return 'skip (no custom folder)';
    const before = await ctx.client.mailboxOpen(folder.path);
    const saved =
      before.exists > 0
        ? await ctx.client.fetchAll('1:*', { uid: true, flags: true, internalDate: true, source: true })
        : [];
    await ctx.client.mailboxOpen('INBOX');
    await ctx.client.mailboxDelete(folder.path);
    await ctx.client.mailboxCreate(folder.path);
    for (const m of saved.sort((a, b) => a.uid - b.uid)) {
      const flags = [...(m.flags ?? [])].filter((f) => f !== '\\Recent');
      await ctx.client.append(
        folder.path,
        m.source ?? Buffer.alloc(0),
        flags,
        m.internalDate instanceof Date ? m.internalDate : undefined,
      );
    }
    const after = await ctx.client.status(folder.path, { uidValidity: true });
    return `${quote(folder.path)} (${saved.length} msgs) UIDVALIDITY ${before.uidValidity} → ${after ? after.uidValidity : '?'}`;
  },
};

/** A message on the server that has a Message-ID, and where it is. */
async function twinOf(ctx: RunContext, rng: Rng): Promise<{ path: string; messageId: string } | null> {
  const folders = await nonEmptyFolders(ctx.client);
  if (folders.length === 0) return null;
  const { path, uids } = rng.pick(folders);
  const fuzzId = (await fuzzIdsOf(ctx.client, path, [rng.pick(uids)])).values().next().value;
  const messageId = fuzzId ? ctx.messages.get(fuzzId)?.messageId : null;
  return messageId ? { path, messageId } : null;
}

async function pickCustomFolder(ctx: RunContext, rng: Rng): Promise<{ path: string; count: number } | null> {
  const folders = await customFolders(ctx.client);
  if (folders.length === 0) return null;
  const path = rng.pick(folders);
  const status = await ctx.client.status(path, { messages: true });
  return { path, count: (status && status.messages) || 0 };
}

async function transfer(ctx: RunContext, rng: Rng, how: 'move' | 'copy'): Promise<string> {
  const folders = await nonEmptyFolders(ctx.client);
  if (folders.length === 0) return 'skip (no messages)';
  const source = rng.pick(folders);
  const targets = (await serverFolders(ctx.client)).filter((p) => p !== source.path);
  const target = rng.pick(targets);
  const uids = rng.sample(source.uids, rng.between(1, 3));
  const fuzzIds = await fuzzIdsOf(ctx.client, source.path, uids);
  const lock = await ctx.client.getMailboxLock(source.path);
  try {
    const result =
      how === 'move'
        ? await ctx.client.messageMove(uidList(uids), target, { uid: true })
        : await ctx.client.messageCopy(uidList(uids), target, { uid: true });
    if (how === 'copy') for (const id of fuzzIds.values()) if (id !== null) ctx.duplicated.add(id);
    const mapped = result && result.uidMap ? [...result.uidMap].map(([from, to]) => `${from}→${to}`).join(',') : '?';
    return `${quote(source.path)} uids ${uidList(uids)} (fz ${[...fuzzIds.values()].join(',')}) → ${quote(target)} [${mapped}]`;
  } finally {
    lock.release();
  }
}
