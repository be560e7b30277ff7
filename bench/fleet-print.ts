// bench:fleet, the report of one configuration: staleness, syncs, processes, PostgreSQL, and the checks.
import type pg from 'pg';
import { EVERY_10_MINUTES_MS } from '@/lib/mail/sync/sync-policy';
import type { Delivery } from './fleet-delivery';
import type { killHalfway } from './fleet-kill';
import type { startSampler, Worker } from './fleet-processes';
import { type Arrival, arrivals, type startPgSampler, staleness, syncJobChecks } from './fleet-report';
import type { Fleet } from './fleet-seed';
import { waitFor } from './fleet-wait';

type Windows = { importStart: number; importEnd: number; deliveryStart: number; deliveryEnd: number };

export async function printReport(input: {
  client: pg.Client;
  config: {
    mailboxes: number;
    messages: number;
    online: number;
    perMinute: number;
    minutes: number;
    workers: number;
    kill: boolean;
  };
  fleet: Fleet;
  deliveries: Delivery[];
  log: (line: string) => void;
  workers: Worker[];
  sampler: ReturnType<typeof startSampler>;
  pgSampler: Awaited<ReturnType<typeof startPgSampler>>;
  kill: ReturnType<typeof killHalfway> | undefined;
  windows: Windows;
}): Promise<void> {
  const { client, config, deliveries, log, windows: w } = input;
  const online = deliveries.filter((d) => d.online);
  // First: its lease watcher shares the client.
  const killed = await input.kill?.result();
  // Online mailboxes get a grace of their interval's tenth after the last delivery; the rest are what they are.
  await waitFor(log, 'online arrivals', 90_000, async () => {
    const missing = (await arrivals(client, online)).filter((a) => a.rows === 0).length;
    return missing === 0 || `${missing} online messages without a row`;
  }).catch((error: unknown) => log(String(error)));
  const before = await arrivals(client, deliveries);

  // The offline mailboxes sync daily (SPEC §4): the bench then presses Sync on every mailbox to check the rest.
  const catchUpStart = Date.now();
  await client.query('update mailboxes set sync_requested_at = now() where org_id = $1', [input.fleet.orgId]);
  const catchUpMs = await waitFor(log, 'catch-up sync of all mailboxes', 15 * 60_000, async () => {
    const missing = (await arrivals(client, deliveries)).filter((a) => a.rows === 0).length;
    return missing === 0 || `${missing} delivered messages without a row`;
  }).catch((error: unknown) => {
    log(String(error));
    return Date.now() - catchUpStart;
  });
  const after = await arrivals(client, deliveries);
  const jobs = await syncJobChecks(client);
  const { rows: synced } = await client.query<{ n: string }>(
    `select count(*) as n from pgboss.job where name = 'mail-sync-mailbox' and output->>'status' = 'synced'
        and completed_on between $1 and $2`,
    [new Date(w.deliveryStart), new Date(w.deliveryEnd)],
  );

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const minutes = (w.deliveryEnd - w.deliveryStart) / 60_000;
  const importRows = config.mailboxes * config.messages;
  const onlineBefore = before.filter((a) => a.online);
  const offlineBefore = before.filter((a) => !a.online);
  const worst = Math.max(0, ...onlineBefore.map((a) => (a.arrivedAt ?? Date.now()) - a.deliveredAt));
  const lost = after.filter((a) => a.rows === 0).length;
  const doubled = after.filter((a) => a.rows > 1).length;
  const syncsStarted = input.pgSampler.syncsStartedBetween(w.deliveryStart, w.deliveryEnd);

  const out = (line: string) => console.log(line);
  out('');
  out(
    `=== bench:fleet — ${config.mailboxes} mailboxes × ${config.messages} messages, ${config.online} owners online, ${config.workers} worker(s)${config.kill ? ', one SIGKILLed halfway' : ''}`,
  );
  out(
    `initial imports: ${seconds(w.importEnd - w.importStart)} for ${importRows} messages (${Math.round(importRows / ((w.importEnd - w.importStart) / 1000))} msg/s)`,
  );
  out(`delivery: ${deliveries.length} messages over ${minutes.toFixed(1)} min (${online.length} to online mailboxes)`);
  out(`staleness, online mailboxes:  ${staleness(onlineBefore)}`);
  out(`staleness, offline mailboxes: ${staleness(offlineBefore)} (daily cadence, SPEC §4)`);
  if (killed) {
    const split = (list: Arrival[], early: boolean) => list.filter((a) => a.deliveredAt < killed.killAt === early);
    out(`  online before the kill: ${staleness(split(onlineBefore, true))}`);
    out(`  online after the kill:  ${staleness(split(onlineBefore, false))}`);
  }
  out(
    `catch-up (Sync pressed on all ${config.mailboxes}): every delivered message had its row after ${seconds(catchUpMs)}`,
  );
  out(
    `syncs during delivery: ${syncsStarted} started (${(syncsStarted / minutes).toFixed(1)}/min, ${(syncsStarted / minutes / config.workers).toFixed(1)}/min per worker); ${synced[0]!.n} of them pg-boss jobs`,
  );
  const imports = input.sampler.usage(w.importStart, w.importEnd);
  const delivery = input.sampler.usage(w.deliveryStart, w.deliveryEnd);
  out('process      | imports: CPU %  peak RSS  peak PSS | delivery: CPU %  peak RSS  peak PSS');
  const mb = (n: number) => `${n.toFixed(0).padStart(5)} MB`;
  for (const [i, use] of imports.entries()) {
    const d = delivery[i]!;
    out(
      `${use.name.padEnd(12)} | ${use.meanCpuPercent.toFixed(0).padStart(12)}  ${mb(use.peakRssMb)}  ${mb(use.peakPssMb)} | ${d.meanCpuPercent.toFixed(0).padStart(13)}  ${mb(d.peakRssMb)}  ${mb(d.peakPssMb)}`,
    );
  }
  const pgImports = input.pgSampler.between(w.importStart, w.importEnd);
  const pgDelivery = input.pgSampler.between(w.deliveryStart, w.deliveryEnd);
  out(
    `PostgreSQL: peak connections ${pgImports.peakConnections} (imports) / ${pgDelivery.peakConnections} (delivery); ${pgImports.tps.toFixed(0)} / ${pgDelivery.tps.toFixed(0)} transactions/s`,
  );
  out(
    `sync jobs (pg-boss): ${jobs.byState}; failed ${jobs.failed}, retried ${jobs.retried}, overlapping successful syncs of one mailbox ${jobs.overlaps}`,
  );
  out(`delivered ${after.length}: lost ${lost}, doubled ${doubled}`);
  if (killed) {
    out(
      `kill: ${killed.activeJobsAtKill} sync jobs active and ${killed.syncingAtKill.length} mailboxes syncing at the kill; ${killed.reset} reset by the scheduler, ${killed.recovered} synced again since; ${killed.leftActive} jobs left 'active' in pg-boss (a dead sync's job is completed when the scheduler resets its mailbox)`,
    );
    out(
      `      ${killed.leasesHeld} IDLE leases of the killed worker, all held by the survivor after ${killed.leaseTakeoverMs === null ? 'never (5 min)' : seconds(killed.leaseTakeoverMs)}`,
    );
  }
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  out(
    `target online staleness ≤ ${EVERY_10_MINUTES_MS / 60_000} min: ${met(worst <= EVERY_10_MINUTES_MS)} (max ${seconds(worst)})`,
  );
  out(
    `target nothing lost or doubled, no failed or overlapping sync: ${met(lost === 0 && doubled === 0 && jobs.failed === 0 && jobs.overlaps === 0)}`,
  );
  for (const worker of input.workers) {
    const errors = worker.log.filter((l) => /error|failed/i.test(l));
    if (errors.length) out(`${worker.name}: ${errors.length} error lines, first: ${errors[0]!.slice(0, 300)}`);
  }
}
