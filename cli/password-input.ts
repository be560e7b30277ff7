import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AppError } from '@/lib/errors';

export type PasswordOptions = { password?: string; passwordStdin?: boolean };

/**
 * Adds the ways to give a password: --password-stdin (one line read from standard input), an environment
 * variable, or --password, which still works but shows the password to anyone who can list processes.
 */
export function passwordOptions(command: Command, env: string, what: string): Command {
  return command
    .option('--password-stdin', `read the ${what} from the first line of standard input`)
    .option(
      '--password <password>',
      `the ${what} as an argument (visible in the process list; prefer --password-stdin or ${env})`,
    );
}

async function readFirstLine(): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
    process.stdin.destroy();
  }
}

/** The password: from standard input with --password-stdin, else the --password argument, else the variable `env`. */
export async function readPassword(options: PasswordOptions, env: string, what: string): Promise<string> {
  const sources = [
    options.passwordStdin ? '--password-stdin' : null,
    options.password !== undefined ? '--password' : null,
  ].filter(Boolean);
  if (sources.length > 1)
    throw new AppError('validation', { userMessage: `Give the ${what} one way only: --password-stdin or --password.` });
  if (options.passwordStdin) {
    const line = await readFirstLine();
    if (!line)
      throw new AppError('validation', {
        userMessage: `No ${what} on standard input (--password-stdin reads its first line).`,
      });
    return line;
  }
  if (options.password !== undefined) {
    process.stderr.write(
      `Warning: a ${what} given with --password is visible to other users in the process list; use --password-stdin or ${env}.\n`,
    );
    return options.password;
  }
  const fromEnv = process.env[env];
  if (fromEnv) return fromEnv;
  throw new AppError('validation', {
    userMessage: `Give the ${what} with --password-stdin (first line of standard input) or the ${env} environment variable.`,
  });
}
