import type { Command } from 'commander';
import { desc } from 'drizzle-orm';
import { organizations } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { createOrganization } from '@/lib/orgs/create-organization';
import { planIds } from '@/lib/plans/catalogue';
import { runCommand } from '../run';

export function registerOrgCommands(program: Command) {
  program
    .command('org:create')
    .description('Create an organization')
    .requiredOption('--name <name>', 'organization name')
    .option('--plan <plan>', `plan: ${planIds.join(', ')}`, 'trial')
    .option('--json', 'print one JSON object')
    .action((opts: { name: string; plan: string }, command: Command) =>
      runCommand(command, async (db) => {
        const org = await db.transaction((tx) =>
          createOrganization(tx, { name: opts.name, plan: opts.plan, actor: cliActor }),
        );
        const trial = org.trialEndsAt ? `, trial ends ${org.trialEndsAt.toISOString()}` : '';
        return {
          json: { organization: org },
          text: `Created organization "${org.name}" (${org.id}) on plan ${org.plan}${trial}`,
        };
      }),
    );

  program
    .command('org:list')
    .description('List organizations')
    .option('--json', 'print one JSON object')
    .action((_opts: unknown, command: Command) =>
      runCommand(command, async (db) => {
        const orgs = await db.select().from(organizations).orderBy(desc(organizations.createdAt));
        const text = orgs.map((o) => `${o.id}  ${o.plan.padEnd(16)} ${o.name}`).join('\n') || 'No organizations.';
        return { json: { organizations: orgs }, text };
      }),
    );
}
