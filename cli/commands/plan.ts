import type { Command } from 'commander';
import { cliActor } from '@/lib/access/actor';
import { planIds } from '@/lib/plans/catalogue';
import { changePlan, previewPlanChange, type PlanChangePreview } from '@/lib/plans/change-plan';
import { expireTrials } from '@/lib/plans/expire-trials';
import { getPlanOverview } from '@/lib/plans/get-plan-overview';
import { deleteUnlinkedMessages } from '@/lib/retention/delete-unlinked-messages';
import type { Usage } from '@/lib/plans/limit-exceeded';
import { existingOrgId, idArgument } from '../ids';
import { runCommand } from '../run';

const show = (usage: Usage) => `${usage.used} of ${usage.limit ?? 'unlimited'}`;

function describeEffects(preview: PlanChangePreview): string[] {
  return [
    ...preview.disable.map(
      (m) => `  disable ${m.email} (owner ${m.ownerName ?? '-'}, connected ${m.connectedAt.toISOString()})`,
    ),
    ...preview.reEnable.map((m) => `  re-enable ${m.email}`),
    ...(preview.unlinkedMessagesToDelete > 0
      ? [
          `  delete ${preview.unlinkedMessagesToDelete} local messages not linked to a task or the CRM (the mail server keeps them)`,
        ]
      : []),
  ];
}

export function registerPlanCommands(program: Command) {
  program
    .command('plan:set')
    .description("Change an organization's plan (downgrades disable surplus mailboxes, most recently connected first)")
    .requiredOption('--org <id>', 'organization id')
    .requiredOption('--plan <plan>', `plan: ${planIds.join(', ')}`)
    .option('--keep <ids>', 'comma-separated mailbox ids to keep enabled instead of the default choice')
    .option('--dry-run', 'only show what the change would do')
    .option('--json', 'print one JSON object')
    .action((opts: { org: string; plan: string; keep?: string; dryRun?: boolean }, command: Command) =>
      runCommand(command, async (db) => {
        const keepMailboxIds = opts.keep
          ?.split(',')
          .filter((id) => id.trim() !== '')
          .map((id) => idArgument('mailbox', id));
        const options = { orgId: await existingOrgId(db, opts.org), plan: opts.plan, actor: cliActor, keepMailboxIds };
        if (opts.dryRun) {
          const preview = await previewPlanChange(db, options);
          return {
            json: { preview },
            text: [`Would change ${preview.from} → ${preview.to}:`, ...describeEffects(preview)].join('\n'),
          };
        }
        const result = await changePlan(db, options);
        // Mail stopped: remove the unlinked local copies now, in batches, and say how many.
        const purge =
          result.unlinkedMessagesToDelete > 0
            ? await deleteUnlinkedMessages(db, { orgId: result.org.id })
            : { deleted: 0, batches: 0 };
        return {
          json: {
            organization: result.org,
            disabled: result.disable.map((m) => m.id),
            reEnabled: result.reEnable.map((m) => m.id),
            deletedMessages: purge.deleted,
          },
          text: [
            `Organization "${result.org.name}" is now on plan ${result.org.plan}`,
            ...describeEffects({ ...result, unlinkedMessagesToDelete: purge.deleted }),
          ].join('\n'),
        };
      }),
    );

  program
    .command('plan:show')
    .description("Show an organization's plan, its limits and their usage")
    .requiredOption('--org <id>', 'organization id')
    .option('--json', 'print one JSON object')
    .action((opts: { org: string }, command: Command) =>
      runCommand(command, async (db) => {
        const overview = await getPlanOverview(db, { orgId: await existingOrgId(db, opts.org), actor: cliActor });
        const { plan } = overview;
        const text = [
          `Plan: ${plan.planId}${plan.trialExpired ? ' (trial ended: limits of free)' : plan.trialDaysLeft !== null ? ` (${plan.trialDaysLeft} days left)` : ''}`,
          `Mailboxes per employee: ${show(overview.mailboxesPerEmployee)} (busiest employee)`,
          `Shared mailboxes: ${show(overview.sharedMailboxes)}`,
          `Outgoing this month: ${show(overview.outgoingPerMonth)}`,
          `Retention: ${overview.retentionDays ?? '-'} days; import window: ${overview.importWindowDays ?? '-'} days`,
        ].join('\n');
        return { json: { overview }, text };
      }),
    );

  program
    .command('plan:expire-trials')
    .description('Move every ended trial to free and delete its unlinked local messages (also runs daily as a job)')
    .option('--json', 'print one JSON object')
    .action((_opts: unknown, command: Command) =>
      runCommand(command, async (db) => {
        const expired = await expireTrials(db);
        const text =
          expired.map((e) => `${e.name}: trial ended, ${e.deletedMessages} local messages deleted`).join('\n') ||
          'No trial has ended.';
        return { json: { expired }, text };
      }),
    );
}
