import type { Command } from 'commander';
import { closeDb, getDb, type Db } from '@/db/client';
import { ensureDatabase } from '@/db/ensure-database';
import { dataDir, loadConfiguredSecrets } from '@/lib/env';
import { isAppError, type ErrorCode } from '@/lib/errors';
import { ensureCliSecrets } from './secrets';

export type CommandResult = { json: Record<string, unknown>; text: string };

/**
 * Exit codes, for scripts: 0 done; 1 failed (on our side, the database's or a mail server's); 2 the arguments
 * are wrong (commander's usage errors too); 3 an id or address names nothing that exists; 4 the configuration
 * is missing or does not fit the database (secrets not set, see cli/secrets.ts).
 */
export const exitCodes = { ok: 0, failed: 1, usage: 2, notFound: 3, config: 4 } as const;

function exitCodeOf(code: ErrorCode): number {
  if (code === 'validation') return exitCodes.usage;
  if (code === 'not_found') return exitCodes.notFound;
  if (code === 'config') return exitCodes.config;
  return exitCodes.failed;
}

// What an unexpected error may say: PostgreSQL's SQLSTATE or Node's system error code helps an operator,
// while the message can quote the SQL and its parameters (drizzle's "Failed query: …") and stays out.
function describeUnexpected(error: unknown): string {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    // Node's codes first: EPIPE has the shape of a SQLSTATE, and no SQLSTATE class starts with E.
    if (/^E[A-Z]{2,}$/.test(code)) return `Something went wrong on our side (system error ${code}).`;
    if (/^[0-9A-Z]{5}$/.test(code)) return `Something went wrong on our side (database error ${code}).`;
  }
  return 'Something went wrong on our side.';
}

/**
 * Runs one CLI command against the configured database (DATABASE_URL, or the embedded one under .data/,
 * started for the command when the dev server is not already running it) and prints its result: one JSON
 * object with --json, a human sentence otherwise. Failures print the reason, never SQL or a stack, and exit
 * with one of `exitCodes`.
 */
export async function runCommand(
  command: Command,
  action: (db: Db) => Promise<CommandResult>,
  options: { migrate?: boolean } = {},
) {
  const json = Boolean(command.opts().json);
  let stop = async () => {};
  try {
    const missing = loadConfiguredSecrets();
    ({ stop } = await ensureDatabase({ dataDir: dataDir(), migrate: options.migrate }));
    await ensureCliSecrets(getDb(), missing);
    const result = await action(getDb());
    process.stdout.write(json ? `${JSON.stringify({ ok: true, ...result.json })}\n` : `${result.text}\n`);
  } catch (error) {
    const code = isAppError(error) ? error.code : 'internal';
    process.exitCode = exitCodeOf(code);
    const message = isAppError(error)
      ? error.code === 'config'
        ? error.message
        : error.userMessage
      : describeUnexpected(error);
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
    process.stderr.write(`Error: ${message}\n`);
  } finally {
    await closeDb();
    await stop();
  }
}
