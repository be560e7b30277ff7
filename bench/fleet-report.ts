// bench:fleet, measuring: PostgreSQL's connections and transactions sampled during the run, the staleness of
// each delivered message (delivery to its row), and the checks "nothing lost or doubled" and "no sync job
// failed or overlapped another of its mailbox", read from the messages table and pg-boss's job table.
import pg from 'pg';
import type { Delivery } from './fleet-delivery';

export type PgSample = { at: number; connections: number; xacts: number };

/** Every 3 s: backends (pg_stat_activity) and committed + rolled-back transactions of the bench database. */
export async function startPgSampler(connectionString: string) {
  // A connection of its own: the bench's other queries must not queue behind (or interleave with) these.
  const client = new pg.Client({ connectionString, application_name: 'bench-fleet-sampler' });
  await client.connect();
  const samples: PgSample[] = [];
  const syncStarts = new Set<string>();
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      const { rows } = await client.query<{ connections: string; xacts: string }>(
        `select (select count(*) from pg_stat_activity where backend_type = 'client backend') as connections,
                (select xact_commit + xact_rollback from pg_stat_database where datname = current_database()) as xacts`,
      );
      samples.push({ at: Date.now(), connections: Number(rows[0]!.connections), xacts: Number(rows[0]!.xacts) });
      // Every sync that took its mailbox's lock stamps last_sync_started_at, whoever ran it (a pg-boss job or
      // live mail): distinct stamps are syncs (two of one mailbox within 3 s count once).
      const started = await client.query<{ id: string; at: Date }>(
        'select id, last_sync_started_at as at from mailboxes where last_sync_started_at is not null',
      );
      for (const row of started.rows) syncStarts.add(`${row.id} ${row.at.getTime()}`);
    } finally {
      busy = false;
    }
  };
  void sample();
  const timer = setInterval(() => void sample().catch(() => undefined), 3_000);
  return {
    stop: async () => {
      clearInterval(timer);
      await client.end();
    },
    /** Peak connections and transactions per second between two instants. */
    between(from: number, to: number) {
      const inside = samples.filter((s) => s.at >= from && s.at <= to);
      const first = inside[0];
      const last = inside.at(-1);
      const tps = first && last && last.at > first.at ? ((last.xacts - first.xacts) / (last.at - first.at)) * 1000 : 0;
      return { peakConnections: Math.max(0, ...inside.map((s) => s.connections)), tps };
    },
    syncsStartedBetween(from: number, to: number): number {
      let count = 0;
      for (const key of syncStarts) {
        const at = Number(key.split(' ')[1]);
        if (at >= from && at <= to) count += 1;
      }
      return count;
    },
  };
}

export type Arrival = Delivery & { rows: number; arrivedAt: number | null };

/** Each delivery with how many rows carry its Message-ID in its mailbox and when the first was written. */
export async function arrivals(client: pg.Client, deliveries: Delivery[]): Promise<Arrival[]> {
  const ids = deliveries.flatMap((d) => [d.messageId, d.messageId.slice(1, -1)]);
  const { rows } = await client.query<{ mid: string; mailbox: string; n: string; first: Date }>(
    `select message_id_header as mid, mailbox_id as mailbox, count(*) as n, min(created_at) as first
       from messages where message_id_header = any($1) group by 1, 2`,
    [ids],
  );
  const found = new Map(rows.map((r) => [`${r.mailbox} ${r.mid.replace(/^<|>$/g, '')}`, r]));
  return deliveries.map((d) => {
    const row = found.get(`${d.mailboxId} ${d.messageId.slice(1, -1)}`);
    return { ...d, rows: row ? Number(row.n) : 0, arrivedAt: row ? row.first.getTime() : null };
  });
}

/** "p50 / p95 / max" of delivery-to-row seconds of the arrived ones, and how many had not arrived. */
export function staleness(list: Arrival[]): string {
  const seconds = list
    .filter((a) => a.arrivedAt !== null)
    .map((a) => Math.max(0, a.arrivedAt! - a.deliveredAt) / 1000)
    .sort((a, b) => a - b);
  const missing = list.length - seconds.length;
  if (seconds.length === 0) return `no rows yet (${missing} delivered)`;
  const at = (q: number) => seconds[Math.min(seconds.length - 1, Math.floor(q * seconds.length))]!.toFixed(1);
  return `p50 ${at(0.5)} s, p95 ${at(0.95)} s, max ${seconds.at(-1)!.toFixed(1)} s over ${seconds.length}${missing ? `, ${missing} without a row` : ''}`;
}

/** pg-boss's record of the mailbox syncs: by outcome, failures and retries, and overlapping successful syncs. */
export async function syncJobChecks(client: pg.Client) {
  const { rows: states } = await client.query<{ state: string; status: string | null; n: string }>(
    `select state, output->>'status' as status, count(*) as n from pgboss.job
      where name = 'mail-sync-mailbox' group by 1, 2 order by 1, 2`,
  );
  const { rows: retried } = await client.query<{ n: string }>(
    `select count(*) as n from pgboss.job where name = 'mail-sync-mailbox' and retry_count > 0`,
  );
  // Two successful syncs of one mailbox whose runs intersect: the mailbox lock should make this impossible.
  const { rows: overlaps } = await client.query<{ n: string }>(
    `select count(*) as n from pgboss.job a join pgboss.job b
        on a.name = b.name and a.singleton_key = b.singleton_key and a.id < b.id
      where a.name = 'mail-sync-mailbox' and a.output->>'status' = 'synced' and b.output->>'status' = 'synced'
        and a.started_on < b.completed_on and b.started_on < a.completed_on`,
  );
  return {
    byState: states.map((r) => `${r.state}${r.status ? `/${r.status}` : ''} ${r.n}`).join(', '),
    failed: states.filter((r) => r.state === 'failed').reduce((sum, r) => sum + Number(r.n), 0),
    active: states.filter((r) => r.state === 'active').reduce((sum, r) => sum + Number(r.n), 0),
    retried: Number(retried[0]!.n),
    overlaps: Number(overlaps[0]!.n),
  };
}

export function percentOf(part: number, whole: number): string {
  return whole ? `${((part / whole) * 100).toFixed(1)} %` : 'n/a';
}
