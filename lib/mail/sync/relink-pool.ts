import { createHash } from 'node:crypto';

/** What identifies a message across folders: enough of it survives a MOVE or COPY unchanged on any server. */
export type MessageIdentity = {
  headerDigest: string | null;
  messageIdHeader: string | null;
  size: number;
  receivedAt: Date;
  subject: string;
  fromAddress: string | null;
};

export type RelinkCandidate = MessageIdentity & { id: number; folderId: number; uid: number };

export function digestHeader(header: Buffer): string {
  return createHash('sha256').update(header).digest().subarray(0, 16).toString('base64');
}

// The raw header block and the size: a moved message keeps both, two different messages practically never
// share them (a Message-ID alone is reused by careless senders, and often missing). INTERNALDATE is left out:
// a server migrated with a tool that does not keep it still hands the rows over on the rebuild.
function strongKey(m: MessageIdentity): string | null {
  return m.headerDigest ? `h:${m.headerDigest}:${m.size}` : null;
}

// Rows stored before header digests existed are matched on what their columns hold.
function weakKey(m: MessageIdentity): string | null {
  if (!m.messageIdHeader) return null;
  return `w:${m.messageIdHeader}\u0000${m.size}\u0000${m.receivedAt.getTime()}\u0000${m.subject}\u0000${m.fromAddress ?? ''}`;
}

/**
 * Rows that lost their place on the server during this sync (vanished from a folder, a folder gone or
 * renumbered), waiting for the same message to turn up elsewhere so the row, its id, links and keywords move
 * with it. A row is handed over only on an unambiguous match: where several rows share a weak key, none of
 * them is, and the arrival is imported as new. Rows sharing a strong key are byte-identical in their headers
 * and of one size (exact copies), so they are handed out in UID order.
 */
export class RelinkPool {
  private readonly byKey = new Map<string, RelinkCandidate[]>();
  private readonly taken = new Set<number>();

  add(row: RelinkCandidate): void {
    const key = strongKey(row) ?? weakKey(row);
    if (!key) return;
    const list = this.byKey.get(key) ?? [];
    if (list.some((r) => r.id === row.id)) return;
    list.push(row);
    list.sort((a, b) => a.folderId - b.folderId || a.uid - b.uid);
    this.byKey.set(key, list);
  }

  /** The row this arriving message takes over, if one matches unambiguously; it is then claimed. */
  take(arrival: MessageIdentity): RelinkCandidate | undefined {
    for (const key of [strongKey(arrival), weakKey(arrival)]) {
      if (!key) continue;
      const list = (this.byKey.get(key) ?? []).filter((r) => !this.taken.has(r.id));
      if (list.length === 0) continue;
      if (key.startsWith('w:') && list.length > 1) return undefined;
      const row = list[0]!;
      this.taken.add(row.id);
      return row;
    }
    return undefined;
  }

  isClaimed(rowId: number): boolean {
    return this.taken.has(rowId);
  }
}
