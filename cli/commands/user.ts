import type { Command } from 'commander';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { AppError } from '@/lib/errors';
import { createUser, toPublicUser } from '@/lib/users/create-user';
import { changeUserRole } from '@/lib/users/change-user-role';
import { deactivateUser } from '@/lib/users/deactivate-user';
import { reactivateUser } from '@/lib/users/reactivate-user';
import { setUserPassword } from '@/lib/users/set-user-password';
import { emailSchema, parseInput } from '@/lib/validation';
import { existingOrgId, idArgument } from '../ids';
import { passwordOptions, readPassword, type PasswordOptions } from '../password-input';
import { runCommand } from '../run';

async function findUserId(db: Db, opts: { id?: string; email?: string }): Promise<string> {
  if (opts.id) return idArgument('user', opts.id);
  if (!opts.email) throw new AppError('validation', { userMessage: 'Give the user with --id or --email.' });
  const found = await db.query.users.findFirst({
    where: eq(users.email, parseInput(emailSchema, opts.email)),
    columns: { id: true },
  });
  if (!found) throw new AppError('not_found', { userMessage: `No user with the email ${opts.email}.` });
  return found.id;
}

// Passwords for Mailroom accounts: at least 10 characters, hard to guess, not containing the e-mail or name.
const PASSWORD_ENV = 'MAILROOM_PASSWORD';
const PASSWORD_WHAT = 'password (at least 10 characters, hard to guess)';

export function registerUserCommands(program: Command) {
  passwordOptions(
    program
      .command('user:create')
      .description(`Create a user in an organization; the password comes from --password-stdin or ${PASSWORD_ENV}`)
      .requiredOption('--org <id>', 'organization id')
      .requiredOption('--email <email>', 'email address used to sign in'),
    PASSWORD_ENV,
    PASSWORD_WHAT,
  )
    .option('--role <role>', 'admin or employee', 'employee')
    .option('--name <name>', 'display name (defaults to the part of the email before @)')
    .option('--json', 'print one JSON object')
    .action((opts: { org: string; email: string; role: string; name?: string } & PasswordOptions, command: Command) =>
      runCommand(command, async (db) => {
        const password = await readPassword(opts, PASSWORD_ENV, 'password');
        const orgId = await existingOrgId(db, opts.org);
        const user = await db.transaction((tx) =>
          createUser(tx, { orgId, email: opts.email, password, role: opts.role, name: opts.name, actor: cliActor }),
        );
        return { json: { user }, text: `Created ${user.role} ${user.email} (${user.id})` };
      }),
    );

  passwordOptions(
    program
      .command('user:set-password')
      .description(
        `Set a user's password and end their sessions; the password comes from --password-stdin or ${PASSWORD_ENV}`,
      )
      .option('--id <id>', 'user id')
      .option('--email <email>', 'user email (instead of --id)'),
    PASSWORD_ENV,
    PASSWORD_WHAT,
  )
    .option('--json', 'print one JSON object')
    .action((opts: { id?: string; email?: string } & PasswordOptions, command: Command) =>
      runCommand(command, async (db) => {
        const password = await readPassword(opts, PASSWORD_ENV, 'password');
        const result = await setUserPassword(db, { userId: await findUserId(db, opts), password, actor: cliActor });
        return { json: result, text: `Set the password of ${result.email}; ${result.sessionsEnded} session(s) ended` };
      }),
    );

  program
    .command('user:deactivate')
    .description('Deactivate a user and end their sessions')
    .option('--id <id>', 'user id')
    .option('--email <email>', 'user email (instead of --id)')
    .option('--json', 'print one JSON object')
    .action((opts: { id?: string; email?: string }, command: Command) =>
      runCommand(command, async (db) => {
        const user = await deactivateUser(db, { userId: await findUserId(db, opts), actor: cliActor });
        return { json: { user }, text: `Deactivated ${user.email} (${user.id}); their sessions have ended` };
      }),
    );

  program
    .command('user:reactivate')
    .description('Let a deactivated user sign in again; their stopped mailboxes come back within the plan limit')
    .option('--id <id>', 'user id')
    .option('--email <email>', 'user email (instead of --id)')
    .option('--json', 'print one JSON object')
    .action((opts: { id?: string; email?: string }, command: Command) =>
      runCommand(command, async (db) => {
        const user = await reactivateUser(db, { userId: await findUserId(db, opts), actor: cliActor });
        return { json: { user }, text: `Reactivated ${user.email} (${user.id})` };
      }),
    );

  program
    .command('user:role')
    .description('Make a user an admin or an employee (the last active admin stays admin)')
    .option('--id <id>', 'user id')
    .option('--email <email>', 'user email (instead of --id)')
    .requiredOption('--role <role>', 'admin or employee')
    .option('--json', 'print one JSON object')
    .action((opts: { id?: string; email?: string; role: string }, command: Command) =>
      runCommand(command, async (db) => {
        const user = await changeUserRole(db, { userId: await findUserId(db, opts), role: opts.role, actor: cliActor });
        return { json: { user }, text: `${user.email} is now ${user.role}` };
      }),
    );

  program
    .command('user:list')
    .description('List the users of an organization')
    .requiredOption('--org <id>', 'organization id')
    .option('--json', 'print one JSON object')
    .action((opts: { org: string }, command: Command) =>
      runCommand(command, async (db) => {
        const rows = await db
          .select()
          .from(users)
          .where(eq(users.orgId, await existingOrgId(db, opts.org)))
          .orderBy(asc(users.email));
        const list = rows.map(toPublicUser);
        const text =
          list.map((u) => `${u.id}  ${u.role.padEnd(8)} ${u.active ? 'active  ' : 'inactive'} ${u.email}`).join('\n') ||
          'No users.';
        return { json: { users: list }, text };
      }),
    );
}
