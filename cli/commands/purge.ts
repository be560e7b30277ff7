import type { Command } from 'commander';
import { runPurge } from '@/lib/retention/run-purge';
import { existingOrgId } from '../ids';
import { runCommand } from '../run';

export function registerPurgeCommands(program: Command) {
  program
    .command('purge')
    .description(
      'Retention purge (what the cron route runs): local copies past the plan’s retention; the mail server is never touched',
    )
    .option('--org <id>', 'only this organization')
    .option('--dry-run', 'only count what would be deleted, hidden and kept')
    .option('--json', 'print one JSON object')
    .action((opts: { org?: string; dryRun?: boolean }, command: Command) =>
      runCommand(command, async (db) => {
        const orgId = opts.org === undefined ? undefined : await existingOrgId(db, opts.org);
        const report = await runPurge(db, { trigger: 'cli', dryRun: opts.dryRun, orgId });
        if (report.status === 'already_running')
          return { json: report, text: 'A purge is already running; nothing done.' };
        const lines = report.organizations.map(
          (o) =>
            `${o.orgId}: ${opts.dryRun ? 'would delete' : 'deleted'} ${o.deleted}, hidden ${o.hidden} (CRM), kept ${o.keptForTasks} (tasks), ${o.attachmentsFreed} attachments freed, ${o.durationMs} ms`,
        );
        return {
          json: report,
          text: [...lines, `${report.organizations.length} organizations in ${report.durationMs} ms`].join('\n'),
        };
      }),
    );
}
