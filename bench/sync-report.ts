// The figures of bench/sync.ts, each with its target beside it (issue 22).

type Timed = { count: number; ms: number; peakRssMb: number };
export type ImportResult = {
  imported: number;
  importMs: number;
  firstPageMs: number | null;
  resyncMs: number;
  peakRssMb: number;
  importRssMb: number;
  cpuSeconds: number;
  pgCpuSeconds: number | null;
  dovecotCpuSeconds: number | null;
};
export type SizeResult = { total: number; bare: Timed[]; mbsync: Timed[]; imports: ImportResult[] };

const RSS_TARGET_MB = 256;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const rate = (count: number, ms: number) => (count / ms) * 1000;
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const all = (values: number[]) => `(${values.map(n).join(', ')})`;

/** Median msg/s and peak RSS of a series of runs. */
export function summary(runs: Timed[]) {
  const rates = runs.map((r) => rate(r.count, r.ms));
  return { rate: median(rates), rates, rss: median(runs.map((r) => r.peakRssMb)) };
}

export function importSummary(result: SizeResult) {
  return summary(result.imports.map((i) => ({ count: i.imported, ms: i.importMs, peakRssMb: i.peakRssMb })));
}

export function printSize(result: SizeResult, withMbsync: boolean): void {
  const mailroom = importSummary(result);
  const imports = result.imports;
  console.log(`${n(result.total)} messages, medians of ${imports.length}:`);
  const bare = result.bare.length > 0 ? summary(result.bare) : null;
  if (bare) console.log(`  (a) bare imapflow fetch:   ${n(bare.rate)} msg/s ${all(bare.rates)}, ${n(bare.rss)} MB`);
  else console.log('  (a) bare imapflow fetch:   skipped (BENCH_PEERS=none)');
  let mbsyncRate: number | null = null;
  if (withMbsync && result.mbsync.length > 0) {
    const mbsync = summary(result.mbsync);
    mbsyncRate = mbsync.rate;
    console.log(`  (b) mbsync, fsync on:      ${n(mbsync.rate)} msg/s ${all(mbsync.rates)}, ${n(mbsync.rss)} MB`);
  } else
    console.log(`  (b) mbsync:                skipped (${withMbsync ? 'BENCH_PEERS=none' : 'isync not installed'})`);
  console.log(`  (c) Mailroom import:       ${n(mailroom.rate)} msg/s ${all(mailroom.rates)}, searchable rows`);
  if (mbsyncRate !== null)
    console.log(
      `      vs mbsync:             ${(mailroom.rate / mbsyncRate).toFixed(2)}× (target ≥ 2×: ${verdict(mailroom.rate >= 2 * mbsyncRate)})`,
    );
  if (bare)
    console.log(
      `      vs bare fetch:         ${(mailroom.rate / bare.rate).toFixed(2)}× (target ≥ 0.25×: ${verdict(mailroom.rate >= 0.25 * bare.rate)})`,
    );
  console.log(
    `      peak RSS:              ${n(mailroom.rss)} MB ${all(imports.map((i) => i.peakRssMb))} (target ≤ ${RSS_TARGET_MB} MB: ${verdict(mailroom.rss <= RSS_TARGET_MB)}); ${n(median(imports.map((i) => i.importRssMb)))} MB by the end of the import`,
  );
  const firstPage = imports.flatMap((i) => (i.firstPageMs === null ? [] : [i.firstPageMs]));
  if (firstPage.length > 0) console.log(`      newest 50 listed after: ${n(median(firstPage))} ms (target ≤ 2,000 ms)`);
  console.log(`      no-change resync:      ${median(imports.map((i) => i.resyncMs)).toFixed(1)} ms (target ≤ 50 ms)`);
  // Where the time goes: every thread of the import, and the servers, in CPU seconds per 10,000 messages.
  const per10k = (seconds: number | null, i: ImportResult) =>
    seconds === null ? null : (seconds / i.imported) * 10_000;
  const cpu = (pick: (i: ImportResult) => number | null) => {
    const values = imports.flatMap((i) => {
      const value = per10k(pick(i), i);
      return value === null ? [] : [value];
    });
    return values.length ? median(values).toFixed(1) : 'n/a';
  };
  console.log(
    `      CPU s per 10,000:      import process ${cpu((i) => i.cpuSeconds)}, PostgreSQL ${cpu((i) => i.pgCpuSeconds)}, Dovecot ${cpu((i) => i.dovecotCpuSeconds)} (2 cores: ${((median(imports.map((i) => i.importMs)) / 1000 / imports[0]!.imported) * 10_000 * 2).toFixed(1)} core-s of wall time)`,
  );
}

/** The cost of a larger mailbox against a smaller one: msg/s may drop by at most 15 %, RSS within the bound. */
export function printLinear(small: SizeResult, large: SizeResult): void {
  const a = importSummary(small);
  const b = importSummary(large);
  const drop = 1 - b.rate / a.rate;
  console.log(
    `\nlinear cost: ${n(small.total)} → ${n(large.total)}: ${n(a.rate)} → ${n(b.rate)} msg/s, ` +
      `${drop >= 0 ? 'drop' : 'gain'} ${(Math.abs(drop) * 100).toFixed(1)} % (target drop ≤ 15 %: ${verdict(drop <= 0.15)}); ` +
      `peak RSS ${n(a.rss)} → ${n(b.rss)} MB (target ≤ ${RSS_TARGET_MB} MB: ${verdict(b.rss <= RSS_TARGET_MB)})`,
  );
}
