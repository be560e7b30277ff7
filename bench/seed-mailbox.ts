// Used by bench/sync.ts: fills a test Dovecot account with SEED_COUNT realistic messages spread over the last
// 25 days (70% 2–10 KB, 25% 10–50 KB, 5% with a 100–400 KB attachment; half with an HTML part) and prints
// the megabytes written.
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';

const total = Number(process.env.SEED_COUNT);
const DAY = 86_400_000;

function sizeFor(i: number): { bodyBytes: number; attachmentBytes?: number } {
  const r = (i * 2654435761) % 100;
  if (r < 70) return { bodyBytes: 2_000 + ((i * 37) % 8_000) };
  if (r < 95) return { bodyBytes: 10_000 + ((i * 53) % 40_000) };
  return { bodyBytes: 4_000, attachmentBytes: 100_000 + ((i * 97) % 300_000) };
}

const now = Date.now();
let bytes = 0;
for (let start = 0; start < total; start += 1_000) {
  const chunk = Array.from({ length: Math.min(1_000, total - start) }, (_, k) => {
    const i = start + k;
    const date = new Date(now - ((total - i) / total) * 25 * DAY);
    const raw = generateMessage({ subject: `Bench message ${i}`, date, ...sizeFor(i), html: i % 2 === 0 });
    bytes += raw.length;
    return { raw, internalDate: date };
  });
  await appendMessages({
    host: '127.0.0.1',
    port: Number(process.env.SEED_PORT),
    user: process.env.SEED_USER!,
    password: process.env.SEED_PASSWORD!,
    messages: chunk,
  });
}
process.stdout.write(`${(bytes / 1e6).toFixed(0)}\n`);
