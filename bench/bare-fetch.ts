// Used by bench/sync.ts: the baseline, a bare imapflow fetch of every message's full source, in its own
// process so that its memory does not count as Mailroom's. Prints "<messages> <milliseconds>".
import { ImapFlow } from 'imapflow';

const client = new ImapFlow({
  host: '127.0.0.1',
  port: Number(process.env.FETCH_PORT),
  secure: false,
  auth: { user: process.env.FETCH_USER!, pass: process.env.FETCH_PASSWORD! },
  logger: false,
});
await client.connect();
await client.mailboxOpen('INBOX', { readOnly: true });
let fetched = 0;
const started = performance.now();
for await (const message of client.fetch('1:*', { uid: true, source: true })) fetched += message.source ? 1 : 0;
const ms = performance.now() - started;
await client.logout();
process.stdout.write(`${fetched} ${ms.toFixed(0)} ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}\n`);
