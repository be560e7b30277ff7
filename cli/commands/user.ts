import type { Command } from 'commander';
import { asc, eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { AppError } from '@/lib/errors';
import { createUser, toPublicUser } from '@/lib/users/create-user';
import { deactivateUser } from '@/lib/users/deactivate-user';
import { emailSchema, parseInput, uuidSchema } from '@/lib/validation';
import { runCommand } from '../run';

export function registerUserCommands(program: Command) {
  program
    .command('user:create')
    .description('Create a user in an organization')
    .requiredOption('--org <id>', 'organization id')
    .requiredOption('--email <email>', 'email address used to sign in')
    .requiredOption('--password <password>', 'password (at least 10 characters)')
    .option('--role <role>', 'admin or employee', 'employee')
    .option('--name <name>', 'display name (defaults to the part of the email before @)')
    .option('--json', 'print one JSON object')
    .action((opts: { org: string; email: string; password: string; role: string; name?: string }, command: Command) =>
      runCommand(command, async (db) => {
        const user = await db.transaction((tx) =>
          createUser(tx, { orgId: opts.org, email: opts.email, password: opts.password, role: opts.role, name: opts.name, actor: cliActor }),
        );
        return { json: { user }, text: `Created ${user.role} ${user.email} (${user.id})` };
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
        let userId = opts.id ? parseInput(uuidSchema, opts.id) : undefined;
        if (!userId && opts.email) {
          const found = await db.query.users.findFirst({ where: eq(users.email, parseInput(emailSchema, opts.email)), columns: { id: true } });
          if (!found) throw new AppError('not_found', { userMessage: `No user with the email ${opts.email}.` });
          userId = found.id;
        }
        if (!userId) throw new AppError('validation', { userMessage: 'Give the user with --id or --email.' });
        const user = await deactivateUser(db, { userId, actor: cliActor });
        return { json: { user }, text: `Deactivated ${user.email} (${user.id}); their sessions have ended` };
      }),
    );

  program
    .command('user:list')
    .description('List the users of an organization')
    .requiredOption('--org <id>', 'organization id')
    .option('--json', 'print one JSON object')
    .action((opts: { org: string }, command: Command) =>
      runCommand(command, async (db) => {
        const rows = await db.select().from(users).where(eq(users.orgId, parseInput(uuidSchema, opts.org))).orderBy(asc(users.email));
        const list = rows.map(toPublicUser);
        const text = list.map((u) => `${u.id}  ${u.role.padEnd(8)} ${u.active ? 'active  ' : 'inactive'} ${u.email}`).join('\n') || 'No users.';
        return { json: { users: list }, text };
      }),
    );
}
