// bench:fleet, seeding: one organization with a user and a mailbox per Dovecot account, the mail written
// straight into each Maildir (200,000 messages over IMAP APPEND would take most of the run).
import { randomBytes } from 'node:crypto';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { hashPassword } from '@/lib/crypto/password';
import { insertMailbox } from '@/lib/mail/mailboxes/insert-mailbox';
import { createOrganization } from '@/lib/orgs/create-organization';
import { type DovecotServer, writeMaildirMessages } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';

export const FLEET_PASSWORD = 'fleet-mailbox-password-1';
const HOUR = 3600 * 1000;

export type FleetMailbox = { id: string; email: string; ownerId: string; ownerEmail: string; online: boolean };
export type Fleet = { orgId: string; mailboxes: FleetMailbox[] };

/**
 * The Maildirs first (Dovecot has not opened them yet), then the rows. Messages are spread over the last
 * 5 days, inside every plan's import window. Mailbox rows go through insertMailbox, as the connect flow saves
 * them once the servers accepted the login, without logging in 1,000 times (the accounts are known good).
 */
export async function seedFleet(
  dovecot: DovecotServer,
  smtpPort: number,
  options: { mailboxes: number; messages: number; online: number; log: (line: string) => void },
): Promise<Fleet> {
  const run = randomBytes(3).toString('hex');
  const emails = Array.from({ length: options.mailboxes }, (_, i) => `box${i}-${run}@fleet.test`);
  const started = Date.now();
  for (const [i, email] of emails.entries()) {
    await dovecot.addUser(email, FLEET_PASSWORD);
    const messages = Array.from({ length: options.messages }, (_, n) => {
      const date = new Date(started - ((n + 1) / options.messages) * 5 * 24 * HOUR);
      const raw = generateMessage({ subject: `Seed ${i}/${n}`, date, bodyBytes: 600 + ((i * 7 + n * 13) % 3000) });
      return { raw, internalDate: date };
    });
    await writeMaildirMessages(dovecot.rootDir, email, messages);
  }
  options.log(`wrote ${options.mailboxes} Maildirs × ${options.messages} messages in ${secs(started)} s`);

  const db = getDb();
  // The largest plan: 12 mailboxes per employee, 90 days of mail (SPEC §2); the trial would do as well.
  const org = await createOrganization(db, { name: `Fleet ${run}`, plan: 'enterprise-1000', actor: cliActor });
  // One hash for all: the bench signs its users in with sessions (bench/next-server.ts), never by password.
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  const owners = await db
    .insert(users)
    .values(
      emails.map((_, i) => ({ orgId: org.id, email: `owner${i}-${run}@fleet.test`, name: `Owner ${i}`, passwordHash })),
    )
    .returning();
  const fleet: FleetMailbox[] = [];
  for (const [i, owner] of owners.entries()) {
    const email = emails[i]!;
    const settings = (port: number) => ({ host: '127.0.0.1', port, security: 'none' as const, login: email });
    const mailbox = await insertMailbox(db, {
      owner,
      org,
      email,
      provider: 'other',
      displayName: null,
      imap: settings(dovecot.imapPort),
      smtp: settings(smtpPort),
      credentials: { imapPassword: FLEET_PASSWORD, smtpPassword: FLEET_PASSWORD },
      actor: cliActor,
    });
    fleet.push({ id: mailbox.id, email, ownerId: owner.id, ownerEmail: owner.email, online: i < options.online });
  }
  options.log(`${fleet.length} users and mailboxes in organization ${org.id}, ${options.online} owners online`);
  return { orgId: org.id, mailboxes: fleet };
}

const secs = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
