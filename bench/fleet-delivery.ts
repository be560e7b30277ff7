// bench:fleet, traffic: the online owners' heartbeats (as their browser tabs send them) and new mail delivered
// over LMTP at a steady rate to random mailboxes, each delivery recorded with its time and Message-ID.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { deliverByLmtp } from '@/scripts/test-servers/seed-mail';
import type { FleetMailbox } from './fleet-seed';

/**
 * POST /api/presence for each online owner, once a minute as components/presence/presence-heartbeat.tsx does
 * in a visible tab, spread over the minute; the first round at once. Returns a stop function.
 */
export function startHeartbeats(
  base: string,
  owners: Array<{ cookie: string }>,
  log: (line: string) => void,
): { stop: () => void; failures: () => number } {
  let failures = 0;
  let stopped = false;
  const beat = async (cookie: string) => {
    const response = await fetch(`${base}/api/presence`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone: 'UTC' }),
    }).catch(() => undefined);
    // A beat still in flight when the bench stops the web process is not a refusal.
    if (!stopped && (!response || response.status >= 300)) {
      failures += 1;
      if (failures === 1)
        log(`heartbeat refused: ${response ? `${response.status} ${await response.text()}` : 'no answer'}`);
    }
  };
  const round = async () => {
    await Promise.all(owners.map((o) => beat(o.cookie)));
    while (!stopped) {
      for (const owner of owners) {
        if (stopped) return;
        await sleep(60_000 / owners.length);
        void beat(owner.cookie);
      }
    }
  };
  const done = round();
  return {
    stop: () => {
      stopped = true;
      void done;
    },
    failures: () => failures,
  };
}

export type Delivery = { messageId: string; mailboxId: string; online: boolean; deliveredAt: number };

/**
 * `perMinute` messages a minute for `minutes`, each to a random mailbox, one at a time on the clock (a slow
 * LMTP answer delays the next, never bunches them). `atHalf` runs once when half the time has passed.
 */
export async function deliverSteadily(options: {
  lmtpPort: number;
  mailboxes: FleetMailbox[];
  perMinute: number;
  minutes: number;
  atHalf?: () => Promise<void> | void;
  log: (line: string) => void;
}): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  const started = Date.now();
  const total = Math.round(options.perMinute * options.minutes);
  const gapMs = 60_000 / options.perMinute;
  let halfDone = false;
  for (let n = 0; n < total; n++) {
    const wait = started + n * gapMs - Date.now();
    if (wait > 0) await sleep(wait);
    if (!halfDone && n >= total / 2) {
      halfDone = true;
      await options.atHalf?.();
    }
    const mailbox = options.mailboxes[Math.floor(Math.random() * options.mailboxes.length)]!;
    const messageId = `<fleet-${randomUUID()}@fleet.test>`;
    const raw = generateMessage({ subject: `Fleet ${n}`, messageId, bodyBytes: 2_000 });
    try {
      await deliverByLmtp({ host: '127.0.0.1', port: options.lmtpPort, to: mailbox.email, raw });
      deliveries.push({ messageId, mailboxId: mailbox.id, online: mailbox.online, deliveredAt: Date.now() });
    } catch (error) {
      options.log(`delivery ${n} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if ((n + 1) % Math.max(1, Math.round(options.perMinute)) === 0)
      options.log(`delivered ${n + 1}/${total} (${((Date.now() - started) / 60_000).toFixed(1)} min)`);
  }
  return deliveries;
}
