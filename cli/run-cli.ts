import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// For tests: runs the CLI in a child process exactly as `npm run cli --` would, with this process's environment.
const run = promisify(execFile);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

export type CliResult = { code: number; stdout: string; stderr: string };

export function cli(...args: string[]): Promise<CliResult> {
  return cliWith({}, ...args);
}

/** The same, with another environment (in place of this process's) and text on standard input. */
export async function cliWith(
  options: { env?: NodeJS.ProcessEnv; input?: string },
  ...args: string[]
): Promise<CliResult> {
  const running = run(tsx, ['cli/index.ts', ...args], { env: options.env ?? process.env });
  // Standard input is closed either way, as in a script: a command reading it gets the text or end of input.
  running.child.stdin?.end(options.input ?? '');
  try {
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
