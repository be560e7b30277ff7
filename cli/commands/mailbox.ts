import type { Command } from 'commander';
import { cliActor } from '@/lib/access/actor';
import { AppError } from '@/lib/errors';
import { connectMailbox } from '@/lib/mail/mailboxes/connect-mailbox';
import { listOrgMailboxes } from '@/lib/mail/mailboxes/list-mailboxes';
import { removeMailbox } from '@/lib/mail/mailboxes/remove-mailbox';
import { isOAuthProviderId, oauthProviderLabels } from '@/lib/mail/oauth/providers';
import { parseHostPort, securitySchema } from '@/lib/mail/settings';
import { runMailboxSyncJob } from '@/lib/mail/sync/run-sync-job';
import { parseInput } from '@/lib/validation';
import { existingOrgId, idArgument } from '../ids';
import { passwordOptions, readPassword, type PasswordOptions } from '../password-input';
import { runCommand } from '../run';

const PASSWORD_ENV = 'MAILROOM_MAILBOX_PASSWORD';

// A mailbox that logs in with an OAuth2 grant says so: its owner, not the operator, repairs its login.
const loginNote = (mailbox: { oauthProvider: string | null; requiresReauth: boolean }) =>
  isOAuthProviderId(mailbox.oauthProvider)
    ? `  [${oauthProviderLabels[mailbox.oauthProvider]} sign-in${mailbox.requiresReauth ? ', owner must reconnect' : ''}]`
    : '';

export function registerMailboxCommands(program: Command) {
  passwordOptions(
    program
      .command('mailbox:add')
      .description(
        'Connect a mailbox for a user, or for an organization (owned by its first active admin) (logs in to both servers first; ' +
          `the plan limits apply); its password comes from --password-stdin or ${PASSWORD_ENV}. Mailboxes that sign in ` +
          'with Google or Microsoft (OAuth2) cannot be added here: their owner connects them in the browser ' +
          '(Settings › Mailboxes), where the provider asks for consent',
      ),
    PASSWORD_ENV,
    'mailbox password (stored encrypted)',
  )
    .option('--user <id>', 'owner user id')
    .option('--org <id>', 'organization id, instead of --user')
    .requiredOption('--email <address>', 'e-mail address of the mailbox')
    .requiredOption('--imap <host:port>', 'IMAP server')
    .requiredOption('--smtp <host:port>', 'SMTP server')
    .requiredOption(
      '--security <mode>',
      'tls, starttls or none (none only for hosts in MAILROOM_ALLOWED_PRIVATE_HOSTS)',
    )
    .option('--login <name>', 'login name when it is not the e-mail address')
    .option('--json', 'print one JSON object')
    .action(
      (
        opts: {
          user?: string;
          org?: string;
          email: string;
          imap: string;
          smtp: string;
          security: string;
          login?: string;
        } & PasswordOptions,
        command: Command,
      ) =>
        runCommand(command, async (db) => {
          const password = await readPassword(opts, PASSWORD_ENV, 'mailbox password');
          const security = parseInput(securitySchema, opts.security);
          const mailbox = await connectMailbox(db, {
            ownerUserId: opts.user === undefined ? undefined : idArgument('user', opts.user),
            orgId: opts.org === undefined ? undefined : idArgument('organization', opts.org),
            email: opts.email,
            provider: 'other',
            imap: { ...parseHostPort(opts.imap), security, login: opts.login },
            smtp: { ...parseHostPort(opts.smtp), security, login: opts.login },
            password,
            actor: cliActor,
          });
          const warning =
            security === 'none' ? ' (unencrypted: allowed for this host by MAILROOM_ALLOWED_PRIVATE_HOSTS)' : '';
          return {
            json: { mailbox },
            text: `Connected ${mailbox.email}: mailbox id ${mailbox.id}${warning}. Run mailbox:sync --id ${mailbox.id} to import now.`,
          };
        }),
    );

  program
    .command('mailbox:list')
    .description('List mailboxes (of one organization, or all)')
    .option('--org <id>', 'organization id')
    .option('--json', 'print one JSON object')
    .action((opts: { org?: string }, command: Command) =>
      runCommand(command, async (db) => {
        const orgId = opts.org === undefined ? undefined : await existingOrgId(db, opts.org);
        const list = await listOrgMailboxes(db, { orgId, actor: cliActor });
        const text =
          list
            .map(
              (m) =>
                `${m.id}  ${m.status.padEnd(8)} ${m.syncState.padEnd(9)} ${m.email}${loginNote(m)}${m.lastErrorMessage ? `  (${m.lastErrorMessage})` : ''}`,
            )
            .join('\n') || 'No mailboxes.';
        return { json: { mailboxes: list }, text };
      }),
    );

  program
    .command('mailbox:sync')
    .description('Run one sync of a mailbox now and print what it did')
    .requiredOption('--id <id>', 'mailbox id')
    .option('--json', 'print one JSON object')
    .action((opts: { id: string }, command: Command) =>
      runCommand(command, async (db) => {
        const report = await runMailboxSyncJob(db, { mailboxId: idArgument('mailbox', opts.id) });
        if (report.status === 'needs-password') {
          throw new AppError('mail_auth_failed', {
            userMessage: 'The IMAP server refused the password: reconnect the mailbox with the new password.',
          });
        }
        const text =
          report.status === 'skipped'
            ? `Not synced: ${report.reason}`
            : `Synced ${report.folders} folders: ${report.imported} imported, ${report.updated} updated, ${report.removed} removed in ${report.ms} ms`;
        return { json: { report }, text };
      }),
    );

  program
    .command('mailbox:remove')
    .description("Remove a mailbox's local data from Mailroom (the mail server keeps everything)")
    .requiredOption('--id <id>', 'mailbox id')
    .option('--json', 'print one JSON object')
    .action((opts: { id: string }, command: Command) =>
      runCommand(command, async (db) => {
        const removed = await removeMailbox(db, { mailboxId: idArgument('mailbox', opts.id), actor: cliActor });
        return {
          json: { removed },
          text: `Removed ${removed.email} from Mailroom; the mail server still has all of its mail`,
        };
      }),
    );
}
