import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, messages } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { inProcessParser } from '../parse/parse-input';
import { buildOutgoingMime } from '../send/build-outgoing-mime';
import { syncMailbox } from '../sync/sync-mailbox';
import { openSignedInlineImage, signInlineImage } from './inline-image-link';
import { openAttachment } from './open-attachment';

const servers = useMailServers();

/** A synced message with a downloadable file and an inline (cid:) image. */
async function messageWithFiles() {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const actor: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  const file = randomBytes(40_000);
  const logo = randomBytes(3_000);
  const { raw } = await buildOutgoingMime({
    from: { name: 'Alice', address: 'alice@example.test' },
    to: [{ name: '', address: box.email }],
    cc: [],
    bcc: [],
    subject: 'Files',
    html: '<p>Logo: <img src="cid:logo@example.test"></p>',
    messageId: '<files@example.test>',
    date: new Date(),
    attachments: [
      { filename: 'data.bin', contentType: 'application/octet-stream', content: file },
      { filename: 'logo.png', contentType: 'image/png', content: logo, contentId: 'logo@example.test' },
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
  return { box, actor, message: message!, rows, file, logo };
}

describe('opening attachments', () => {
  it('fetches the decoded file from the server; the frame’s signed link opens inline images only', async () => {
    const { actor, rows, file, logo } = await messageWithFiles();
    const data = rows.find((r) => r.filename === 'data.bin')!;
    const opened = await openAttachment(getDb(), { actor, attachmentId: data.id });
    expect(opened.attachment.id).toBe(data.id);
    expect(opened.content.equals(file)).toBe(true);

    const image = rows.find((r) => r.filename === 'logo.png')!;
    const signed = (attachmentId: number) => {
      const query = new URLSearchParams(
        signInlineImage({ attachmentId, userId: actor.kind === 'user' ? actor.userId : '' }),
      );
      return { attachmentId, userId: query.get('u')!, expires: Number(query.get('e')), signature: query.get('s')! };
    };
    expect((await openSignedInlineImage(getDb(), signed(image.id))).content.equals(logo)).toBe(true);
    // A signed link is for the images of the frame, not a way to fetch any file without a session.
    await expect(openSignedInlineImage(getDb(), signed(data.id))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('is not found for other organizations, and says so when the message left the server', async () => {
    const { box, actor, rows } = await messageWithFiles();
    const other = await createTestOrg(getDb());
    const outsider = await createTestUser(getDb(), { orgId: other.id });
    const asOutsider: Actor = { kind: 'user', userId: outsider.id, orgId: other.id, role: 'employee' };
    await expect(openAttachment(getDb(), { actor: asOutsider, attachmentId: rows[0]!.id })).rejects.toMatchObject({
      code: 'not_found',
      userMessage: 'No such attachment.',
    });

    const client = await box.otherClient();
    await client.mailboxOpen('INBOX');
    await client.messageDelete('1:*');
    await client.logout();
    await expect(openAttachment(getDb(), { actor, attachmentId: rows[0]!.id })).rejects.toMatchObject({
      code: 'not_found',
      userMessage: expect.stringMatching(/no longer on the mail server/),
    });
  });

  it('refuses an attachment over 25 MB without downloading it', async () => {
    const { actor, rows } = await messageWithFiles();
    await getDb()
      .update(attachments)
      .set({ size: 26 * 1024 * 1024 })
      .where(eq(attachments.id, rows[0]!.id));
    await expect(openAttachment(getDb(), { actor, attachmentId: rows[0]!.id })).rejects.toMatchObject({
      code: 'limit_exceeded',
      userMessage: expect.stringMatching(/larger than 25 MB/),
    });
  });
});
