// Used by bench:load and bench:hostile: a fresh embedded PostgreSQL with one organization whose users each own
// a mailbox of ordinary newsletter-sized messages (tables, styles, remote images), plus two hostile messages
// in the first user's INBOX, and the production build answering over HTTP with a session cookie per user.
// No IMAP server: list, open, body and reply read only the database.
import { closeDb, getDbHandle } from '@/db/client';
import { messageBodies } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import { startBenchDatabase } from './bench-database';
import { ensureBuild, sessionCookie, startNext, type Server } from './next-server';

export type LoadUser = { cookie: string; folderId: number; messageIds: number[] };
export type LoadFixture = {
  server: Server;
  users: LoadUser[];
  hostile: { nested: number; large: number };
  stop: () => Promise<void>;
};

/** A newsletter of about 20 KB: what most opened mail looks like to the sanitizer. */
export function newsletterHtml(index: number): string {
  const rows = Array.from(
    { length: 40 },
    (_, i) =>
      `<tr><td style="padding:8px;font-family:Arial,sans-serif;color:#333"><a href="https://news.example.test/a/${index}/${i}">Story ${i}</a>` +
      `<img src="https://img.example.test/${index}/${i}.png" width="120" height="80" alt="">` +
      `<p style="margin:0 0 8px">Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor ${i}.</p></td></tr>`,
  ).join('');
  return `<html><head><style>.x{color:red} td{font-size:14px}</style></head><body bgcolor="#ffffff"><table width="600">${rows}</table></body></html>`;
}

/** 20,000 nested <div>s, about 220 KB: the message that froze Reply and Forward for a minute. */
export function nestedHtml(): string {
  return `<html><body>${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}</body></html>`;
}

/** About 2 MB of what costs a sanitizer most: elements with many attributes and styles, deep tables, CSS. */
export function largeHostileHtml(): string {
  const sheet = `<style>${Array.from({ length: 2_000 }, (_, i) => `.c${i} td > p:hover{background:url(https://t.example.test/${i})}`).join('')}</style>`;
  const cell = (i: number) =>
    `<td ${Array.from({ length: 40 }, (_, a) => `data-a${a}="${i}"`).join(' ')} style="${'color:red;'.repeat(30)}"><img src="https://t.example.test/p${i}.gif">x</td>`;
  const table = (i: number) =>
    `<table><tr>${cell(i)}${'<td><table><tr>'.repeat(20)}y${'</tr></table></td>'.repeat(20)}</tr></table>`;
  let body = '';
  for (let i = 0; body.length < 2 * 1024 * 1024; i++) body += table(i);
  return `<html><head>${sheet}</head><body>${body}</body></html>`;
}

export async function startLoadFixture(options: {
  users: number;
  messagesPerUser: number;
  build: boolean;
  log: (message: string) => void;
}): Promise<LoadFixture> {
  const build = ensureBuild(options.build, options.log);
  if (!build.ok) throw new Error(build.reason);
  const cluster = await startBenchDatabase({ name: 'bench-load' });
  const { db } = getDbHandle();

  const org = await createTestOrg(db, { plan: 'professional' });
  const users: LoadUser[] = [];
  const hostile = { nested: 0, large: 0 };
  for (let u = 0; u < options.users; u++) {
    const user = await createTestUser(db, { orgId: org.id, role: u === 0 ? 'admin' : 'employee' });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id });
    const start = Date.now() - options.messagesPerUser * 60_000;
    const messageIds = await createTestMessages(db, {
      orgId: org.id,
      mailboxId: mailbox.id,
      count: options.messagesPerUser,
      receivedAt: (i) => new Date(start + i * 60_000),
    });
    await db.insert(messageBodies).values(
      messageIds.map((messageId, i) => ({
        messageId,
        orgId: org.id,
        textBody: `Story ${i}`,
        htmlBody: newsletterHtml(i),
      })),
    );
    if (u === 0) {
      const [nested, large] = await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 2 });
      await db.insert(messageBodies).values([
        { messageId: nested!, orgId: org.id, textBody: null, htmlBody: nestedHtml() },
        { messageId: large!, orgId: org.id, textBody: null, htmlBody: largeHostileHtml() },
      ]);
      Object.assign(hostile, { nested, large });
    }
    const folderId = await folderOf(messageIds[0]!);
    users.push({
      cookie: await sessionCookie(db, { userId: user.id, orgId: org.id, email: user.email }),
      folderId,
      messageIds,
    });
  }
  options.log(`seeded ${options.users} users × ${options.messagesPerUser} messages`);

  const server = await startNext(cluster.url, options.log);
  return {
    server,
    users,
    hostile,
    async stop() {
      await server.stop();
      await closeDb();
      await cluster.stop();
    },
  };
}

async function folderOf(messageId: number): Promise<number> {
  const { rows } = await getDbHandle().pool.query<{ folder_id: string }>(
    'select folder_id from messages where id = $1',
    [messageId],
  );
  return Number(rows[0]!.folder_id);
}

/** p50/p95/p99/max of a list of durations. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN, n: sorted.length };
}

/** One GET with the user's cookie, read to the end; the status and milliseconds it took. */
export async function timedGet(
  server: Server,
  cookie: string,
  pathAndQuery: string,
): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  try {
    const response = await fetch(`${server.base}${pathAndQuery}`, { headers: { cookie } });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, body };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, body: String(error) };
  }
}
