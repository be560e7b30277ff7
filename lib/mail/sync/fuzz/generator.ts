import { Rng } from './prng';

/** Relative frequency of each operation in a generated sequence. */
export const OP_WEIGHTS = {
  // Another IMAP client on the same account.
  flags: 4,
  expunge: 2,
  move: 2,
  copy: 1,
  append: 3,
  folderCreate: 0.7,
  folderRename: 1.2,
  folderDelete: 0.8,
  uidValidityReset: 1,
  // Mailroom itself, as the mailbox owner.
  mailroomAction: 2.5,
  linkTask: 1.5,
  linkCrm: 1,
  // Syncs: clean, cut by the proxy at a chosen command, or a sync process killed mid-way.
  sync: 3,
  cutSync: 2.5,
  killSync: 0.4,
} as const;

export type OpKind = keyof typeof OP_WEIGHTS;

/** One step of a sequence. Its details (which folder, which UIDs) are chosen when it runs, from its own seed. */
export type Op = { n: number; kind: OpKind; seed: number };

export type Layout = { folders: Array<{ path: string; count: number }> };

/** Custom folder names: spaces, non-ASCII and `&` (modified UTF-7 on the wire). */
export const FOLDER_NAMES = [
  'Projects',
  'Clients',
  'Invoices 2024',
  'Reports Q3',
  'Bücher',
  'Réunions été',
  'Ideas',
  'Ärger & Co',
  'Old Stuff',
  '日本語',
] as const;

export type GenerateOptions = { ops: number; killSyncs?: boolean };

/** The starting mailbox: INBOX and one to three custom folders, 10–40 messages in all. */
export function generateLayout(seed: number): Layout {
  const rng = new Rng(seed);
  const custom = rng.sample(FOLDER_NAMES, rng.between(1, 3));
  const paths = ['INBOX', ...custom];
  const total = rng.between(10, 40);
  const counts = paths.map(() => 0);
  for (let i = 0; i < total; i++) counts[rng.chance(0.45) ? 0 : rng.int(paths.length)]! += 1;
  return { folders: paths.map((path, i) => ({ path, count: counts[i]! })) };
}

/**
 * The sequence for a seed: the layout and every operation derive from it alone, so `--seed` replays the same
 * steps (only where a SIGKILL lands varies). At most one killed sync per sequence (a child costs a second or two).
 */
export function generateSequence(seed: number, options: GenerateOptions): { layout: Layout; ops: Op[] } {
  const rng = new Rng(seed);
  const layout = generateLayout(rng.seed());
  const weights: Record<OpKind, number> = { ...OP_WEIGHTS };
  const ops: Op[] = [];
  for (let n = 1; n <= options.ops; n++) {
    const kind = rng.weighted(weights);
    if (kind === 'killSync') weights.killSync = 0;
    // Without kills the sequence stays the same, a clean sync in the killed one's place: a run whose failure
    // depended on when the kill landed can be replayed deterministically around it.
    ops.push({ n, kind: kind === 'killSync' && options.killSyncs === false ? 'sync' : kind, seed: rng.seed() });
  }
  return { layout, ops };
}
