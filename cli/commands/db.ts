import type { Command } from 'commander';
import { runMigrations } from '@/db/migrate';
import { runCommand } from '../run';

export function registerDbCommands(program: Command) {
  program
    .command('db:migrate')
    .description('Apply pending database migrations')
    .option('--json', 'print one JSON object')
    .action((_opts: unknown, command: Command) =>
      runCommand(
        command,
        async () => {
          const started = Date.now();
          await runMigrations(process.env.DATABASE_URL!);
          return { json: { migrated: true, ms: Date.now() - started }, text: 'Database is up to date' };
        },
        { migrate: false },
      ),
    );
}
