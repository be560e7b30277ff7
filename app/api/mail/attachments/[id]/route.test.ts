import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, messages, users } from '@/db/schema';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { inProcessParser } from '@/lib/mail/parse/parse-input';
import { buildOutgoingMime } from '@/lib/mail/send/build-outgoing-mime';
import { syncMailbox } from '@/lib/mail/sync/sync-mailbox';
import { toPublicUser } from '@/lib/users/create-user';
import { createTestUser } from '@/test/factories';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';

// Only the request context is replaced: the session under test. Authorization, IMAP and headers are real.
const current: { session: ResolvedSession | null } = { session: null };
vi.mock('@/server/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
vi.mock('next-auth', () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {} }));
vi.mock('@/server/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/server/session')>()),
  getCurrentSession: async () => current.session,
}));

const { GET } = await import('./route');
const servers = useMailServers();
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(200)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let ids: Record<string, number>;
let owner: ResolvedSession;
let stranger: ResolvedSession;

async function sessionOf(userId: string, org: ResolvedSession['org']): Promise<ResolvedSession> {
  const [user] = await getDb().select().from(users).where(eq(users.id, userId));
  return { sessionId: 'test', user: toPublicUser(user!), org };
}

beforeAll(async () => {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const { raw } = await buildOutgoingMime({
    from: { name: 'Alice', address: 'alice@example.test' },
    to: [{ name: '', address: box.email }],
    cc: [],
    bcc: [],
    subject: 'Previews',
    html: '<p>Files</p>',
    messageId: '<previews@example.test>',
    date: new Date(),
    attachments: [
      { filename: 'photo.png', contentType: 'image/png', content: PNG },
      { filename: 'report.pdf', contentType: 'application/pdf', content: PDF },
      { filename: 'logo.svg', contentType: 'image/svg+xml', content: SVG },
    ],
  });
  const client = await box.otherClient();
  await client.append('INBOX', raw);
  await client.logout();
  await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser });
  const [message] = await getDb().select().from(messages).where(eq(messages.mailboxId, box.mailbox.id));
  const rows = await getDb()
    .select()
    .from(attachments)
    .where(eq(attachments.messageId, message!.id))
    .orderBy(asc(attachments.position));
  ids = Object.fromEntries(rows.map((r) => [r.filename!, r.id]));
  owner = await sessionOf(box.user.id, box.org);
  stranger = await sessionOf((await createTestUser(getDb(), { orgId: box.org.id })).id, box.org);
});

async function get(name: string, query: string, session: ResolvedSession | null) {
  current.session = session;
  const id = String(ids[name]);
  return GET(new Request(`http://mailroom.test/api/mail/attachments/${id}${query}`), {
    params: Promise.resolve({ id }),
  });
}

describe('attachment preview mode', () => {
  it('serves a PDF inline as application/pdf for the sandboxed frame, with nosniff and a CSP', async () => {
    const response = await get('report.pdf', '?preview=1', owner);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="report.pdf"/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    // Without preview it is still a download.
    const download = await get('report.pdf', '', owner);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('serves raster images inline, and never SVG', async () => {
    const image = await get('photo.png', '?preview=1', owner);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(image.headers.get('content-security-policy')).toContain('sandbox');
    const svg = await get('logo.svg', '?preview=1', owner);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('application/octet-stream');
    expect(svg.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(svg.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses the signed-out and those who cannot read the mailbox, and odd preview values', async () => {
    expect((await get('report.pdf', '?preview=1', null)).status).toBe(401);
    const foreign = await get('report.pdf', '?preview=1', stranger);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain('PDF');
    expect((await get('report.pdf', '?preview=yes', owner)).status).toBe(400);
  });
});
