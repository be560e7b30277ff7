import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { exitCodes, runCommand } from './run';

// runCommand in this process (the database is the test one, so nothing is started): what it prints and the
// exit code it sets, for failures no real command can be made to produce on purpose.
async function run(action: () => Promise<never>, json = false) {
  const printed: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const command = new Command().option('--json');
  command.parse(json ? ['--json'] : [], { from: 'user' });
  try {
    await runCommand(command, action, { migrate: false });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return { output: printed.join(''), code: process.exitCode };
}

describe('CLI failures', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('print neither the SQL, its parameters nor a stack for an unexpected error; the SQLSTATE helps', async () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "not-a-uuid"'), { code: '22P02' });
    const failed = await run(async () => {
      throw new Error('Failed query: select "id" from "organizations" where "id" = $1\nparams: not-a-uuid', { cause });
    }, true);
    expect(failed.code).toBe(exitCodes.failed);
    expect(failed.output).toContain('Something went wrong on our side (database error 22P02).');
    expect(failed.output).not.toMatch(/select|organizations|not-a-uuid|\n\s+at /i);
    expect(JSON.parse(failed.output.split('\n')[0]!)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong on our side (database error 22P02).' },
    });
  });

  it.each([
    ['not_found', exitCodes.notFound],
    ['validation', exitCodes.usage],
    ['forbidden', exitCodes.failed],
    ['mail_auth_failed', exitCodes.failed],
    ['config', exitCodes.config],
  ] as const)('exit with the code of %s', async (code, exitCode) => {
    const failed = await run(async () => {
      throw new AppError(code);
    });
    expect(failed.code).toBe(exitCode);
  });
});
