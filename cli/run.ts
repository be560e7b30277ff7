import type { Command } from 'commander';
import { closeDb, getDb, type Db } from '@/db/client';
import { ensureDatabase } from '@/db/ensure-database';
import { dataDir, ensureSecrets } from '@/lib/env';
import { isAppError } from '@/lib/errors';

export type CommandResult = { json: Record<string, unknown>; text: string };

/**
 * Runs one CLI command against the configured database (DATABASE_URL, or the embedded one under .data/,
 * started for the command when the dev server is not already running it) and prints its result: one JSON
 * object with --json, a human sentence otherwise. Failures print the reason and exit non-zero.
 */
export async function runCommand(command: Command, action: (db: Db) => Promise<CommandResult>, options: { migrate?: boolean } = {}) {
  const json = Boolean(command.opts().json);
  let stop = async () => {};
  try {
    ensureSecrets();
    ({ stop } = await ensureDatabase({ dataDir: dataDir(), migrate: options.migrate }));
    const result = await action(getDb());
    process.stdout.write(json ? JSON.stringify({ ok: true, ...result.json }) + '\n' : result.text + '\n');
  } catch (error) {
    process.exitCode = 1;
    const code = isAppError(error) ? error.code : 'internal';
    const message = isAppError(error) ? (error.code === 'config' ? error.message : error.userMessage) : error instanceof Error ? error.message : String(error);
    if (json) process.stdout.write(JSON.stringify({ ok: false, error: { code, message } }) + '\n');
    process.stderr.write(`Error: ${message}\n`);
  } finally {
    await closeDb();
    await stop();
  }
}
