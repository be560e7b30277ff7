// Used by bench/live.ts: when each APPENDed message was announced on one channel (NOTIFY, SSE, or the row
// showing up), matched by its unique subject, so an earlier message's event never counts for a later one.
import type pg from 'pg';

export class Arrivals {
  readonly latencies: number[] = [];
  private readonly pending = new Map<string, Array<{ token: string; at: number }>>();

  constructor(
    private readonly pool: pg.Pool,
    readonly name: string,
  ) {}

  expect(mailboxId: string, token: string, at: number): void {
    this.pending.set(mailboxId, [...(this.pending.get(mailboxId) ?? []), { token, at }]);
  }

  get outstanding(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
  }

  /** The channel said "new mail in this mailbox" at `now`: the rows it announces are committed by then. */
  async announced(mailboxId: string, now: number): Promise<void> {
    const entries = this.pending.get(mailboxId);
    if (!entries?.length) return;
    const { rows } = await this.pool.query<{ subject: string }>(
      'select subject from messages where mailbox_id = $1 and subject = any($2::text[])',
      [mailboxId, entries.map((e) => e.token)],
    );
    const arrived = new Set(rows.map((r) => r.subject));
    // Read again after the query: another announcement of this mailbox may have counted some meanwhile.
    const current = this.pending.get(mailboxId) ?? [];
    for (const entry of current) if (arrived.has(entry.token)) this.latencies.push(now - entry.at);
    this.pending.set(
      mailboxId,
      current.filter((e) => !arrived.has(e.token)),
    );
  }

  report(total: number): string {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
    return `${this.name}: n=${sorted.length}/${total} p50 ${at(50).toFixed(0)} ms, p95 ${at(95).toFixed(0)} ms, p99 ${at(99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms`;
  }
}
