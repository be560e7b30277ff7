import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { calendarEvents, mailFolders } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { invitationFixture } from '@/test/invitation-fixtures';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// Issue 18: the reading pane's content — the attachment viewer (images, a PDF in a sandboxed frame), sizes,
// the invitation card and "Create event" prefilled from it, and the date the list shows. Clicked with the
// mouse, so that a covered control fails.

const PASSWORD = 'reading-pane-e2e-password';
// A 2×2 red PNG: a real image, so the viewer can be checked to have loaded it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A message written a day before it arrived, with two images, a text file and a PDF. */
function filesMessage(to: string): Buffer {
  const part = (name: string, type: string, content: Buffer) =>
    [
      '--files-boundary',
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      content.toString('base64'),
    ].join('\r\n');
  return Buffer.from(
    [
      'From: Pia Photos <pia@client.example.test>',
      `To: ${to}`,
      'Subject: Photos and the report',
      'Date: Wed, 01 May 2030 08:00:00 +0000',
      'Message-ID: <photos@client.example.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="files-boundary"',
      '',
      '--files-boundary',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Here they are.',
      part('first.png', 'image/png', PNG),
      part('notes.txt', 'text/plain', Buffer.from('tiny')),
      part('second.png', 'image/png', PNG),
      part('report.pdf', 'application/pdf', PDF),
      '--files-boundary--',
      '',
    ].join('\r\n'),
  );
}

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let setup: { email: string; inbox: number; owner: { id: string; email: string; password: string } };

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Paris' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('pane');
  await dovecot.addUser(email, PASSWORD);
  const files = { raw: filesMessage(email) };
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: PASSWORD,
    folder: 'INBOX',
    messages: [
      { raw: files.raw, internalDate: new Date('2030-05-02T09:30:00Z') },
      { raw: invitationFixture('google-request', email), internalDate: new Date() },
    ],
  });
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const folders = await getDb().select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id));
  setup = { email, inbox: folders.find((f) => f.specialUse === 'inbox')!.id, owner: employee };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

const reading = (page: Page) => page.getByRole('region', { name: 'Message', exact: true });

async function open(page: Page, subject: string) {
  await signIn(page, setup.owner.email, setup.owner.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${setup.inbox}`);
  await page.getByRole('row').filter({ hasText: subject }).click();
  await expect(reading(page).getByRole('heading', { name: subject })).toBeVisible();
}

test('images and a PDF open in the viewer: next/previous, Esc closes, focus returns; sizes read right', async ({
  page,
}) => {
  await open(page, 'Photos and the report');
  const files = reading(page).getByRole('list', { name: 'Attachments' });
  // A few bytes read as bytes (the size is the server's estimate from the encoded part), never "0.0 MB".
  await expect(files.getByRole('listitem').filter({ hasText: 'notes.txt' })).toHaveText(/notes\.txt\d B$/);
  // The text file is a download only.
  await expect(files.getByRole('button', { name: 'Preview notes.txt' })).toHaveCount(0);

  const opener = files.getByRole('button', { name: 'Preview first.png' });
  await opener.click();
  const viewer = page.getByRole('dialog', { name: 'first.png' });
  await expect(viewer).toBeVisible();
  const image = viewer.getByRole('img', { name: 'first.png' });
  await expect(image).toHaveAttribute('src', /\/api\/mail\/attachments\/\d+\?preview=1$/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
  await expect(viewer).toContainText('1 of 3');

  await viewer.getByRole('button', { name: 'Next attachment' }).click();
  await expect(page.getByRole('dialog', { name: 'second.png' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Next attachment' }).click();
  const pdf = page.getByRole('dialog', { name: 'report.pdf' });
  await expect(pdf).toBeVisible();
  const frame = pdf.locator('iframe');
  await expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-downloads');
  await expect(frame).toHaveAttribute('src', /\?preview=1$/);
  await pdf.getByRole('button', { name: 'Previous attachment' }).click();
  await expect(page.getByRole('dialog', { name: 'second.png' })).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(opener).toBeFocused();
});

test('the pane shows the arrival date, as the list does, with the Date header on hover', async ({ page }) => {
  await open(page, 'Photos and the report');
  const date = reading(page).getByTestId('message-date');
  // The arrival (INTERNALDATE) is whenever the seeding appended it: the reader must show the list's date.
  const arrived = await page
    .getByRole('row')
    .filter({ hasText: 'Photos and the report' })
    .locator('time')
    .getAttribute('datetime');
  expect(arrived).toBeTruthy();
  await expect(date).toHaveAttribute('datetime', arrived ?? '');
  // The Date header (1 May 2030) differs from the arrival, so hovering shows it.
  await expect(date).toHaveAttribute('title', /Sent May 1, 2030/);
});

test('an invitation is a card, not two downloads; Add to calendar; Create event is prefilled from it', async ({
  page,
}) => {
  const subject = 'Invitation: Quarterly planning';
  await open(page, subject);
  const card = reading(page).getByTestId('invitation-card');
  await expect(card.getByRole('heading', { name: 'Quarterly planning' })).toBeVisible();
  await expect(card).toContainText('Room Everest, 4th floor');
  await expect(card).toContainText('Alice Martin');
  await expect(card).toContainText('Bob Okafor');
  // 10:00 in Paris, the browser's zone here.
  await expect(card).toContainText('10:00');
  const files = reading(page).getByRole('list', { name: 'Attachments' });
  await expect(files.getByRole('listitem')).toHaveCount(1);
  await expect(files).toContainText('invite.ics');
  await expect(files).not.toContainText('(unnamed)');

  await reading(page)
    .getByRole('group', { name: 'Actions on this message' })
    .getByRole('button', { name: 'Make work' })
    .click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Create event' }).click();
  const form = page.getByRole('dialog', { name: 'Create an event' });
  await expect(form.getByLabel('Starts')).toHaveValue('2031-03-18T10:00');
  await expect(form.getByLabel('Ends')).toHaveValue('2031-03-18T11:30');
  const attendees = form.getByLabel('Attendees');
  await expect(attendees).toContainText('bob.okafor@calendar-corp.test');
  await expect(attendees).not.toContainText(setup.email);
  await page.keyboard.press('Escape');

  await card.getByRole('button', { name: 'Add to calendar' }).click();
  await expect(card.getByTestId('invitation-state')).toHaveText('In your calendar');
  await expect(card.getByRole('link', { name: 'Open the event' })).toBeVisible();
  const events = await getDb().select().from(calendarEvents).where(eq(calendarEvents.creatorUserId, setup.owner.id));
  expect(events.map((e) => e.startsAt.toISOString())).toEqual(['2031-03-18T09:00:00.000Z']);
});
