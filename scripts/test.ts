// `npm test`: every test suite, on a fresh machine. Installs the Debian packages the tests need (as root),
// starts a throw-away PostgreSQL, runs vitest (unit + integration; those start their own Dovecot and SMTP
// capture), builds the app and runs Playwright in Chromium against it, stops everything, and prints one
// summary line. Exit code 0 only when every suite passed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { runMigrations } from '@/db/migrate';
import { freePort } from './free-port';
import { ensureSystemPackages } from './system-packages';
import { startSmtpCapture } from './test-servers/smtp-capture';

const root = process.cwd();
// Overridable so that two runs on one checkout (e.g. while developing) do not delete each other's results.
const resultsDir = path.resolve(root, process.env.TEST_RESULTS_DIR ?? 'test-results');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

type Counts = { passed: number; failed: number; skipped: number };

function vitestCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const { stats } = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

// `npm test -- <files>` runs only those: *.test.ts with vitest, *.spec.ts with Playwright.
const only = process.argv.slice(2);
const unitOnly = only.filter((f) => f.endsWith('.test.ts'));
const e2eOnly = only.filter((f) => f.endsWith('.spec.ts'));
const runUnit = only.length === 0 || unitOnly.length > 0;
const runE2e = only.length === 0 || e2eOnly.length > 0;

ensureSystemPackages();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const { startEmbeddedPostgres } = await import('@/db/embedded');
const postgres = await startEmbeddedPostgres({
  dataDir: path.join(root, '.data', `test-pg-${process.pid}`),
  port: await freePort(),
  ephemeral: true,
});
const stopAll = async () => {
  await postgres.stop().catch(() => {});
};
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

const secrets = {
  AUTH_SECRET: randomBytes(32).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  CRON_SECRET: randomBytes(32).toString('base64url'),
};
// The developer's own DATABASE_URL must not leak into the tests: each suite gets a database of its own.
const { DATABASE_URL: _ignored, ...inherited } = process.env;
const baseEnv: NodeJS.ProcessEnv = {
  ...inherited,
  ...secrets,
  NEXT_TELEMETRY_DISABLED: '1',
  TEST_PG_ADMIN_URL: postgres.adminUrl,
  // The test mail servers listen on loopback, which Mailroom refuses to reach unless the operator allows it.
  MAILROOM_ALLOWED_PRIVATE_HOSTS: '127.0.0.1,::1',
};

// Lint and format check first (Biome): cheap, and a full run is what CI does.
const lintCode = only.length === 0 ? await run(bin('biome'), ['check', '.'], baseEnv) : 0;

const vitestJson = path.join(resultsDir, 'vitest.json');
const vitestCode = runUnit
  ? await run(
      bin('vitest'),
      ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`, ...unitOnly],
      baseEnv,
    )
  : 0;

// End-to-end: a production build against a fresh database of its own.
const e2eDatabase = 'mailroom_e2e';
const admin = new pg.Client({ connectionString: postgres.adminUrl });
await admin.connect();
await admin.query(`drop database if exists ${e2eDatabase} with (force)`);
await admin.query(`create database ${e2eDatabase}`);
await admin.end();
const e2eUrl = new URL(postgres.adminUrl);
e2eUrl.pathname = `/${e2eDatabase}`;
await runMigrations(e2eUrl.toString());

const e2eEnv: NodeJS.ProcessEnv = {
  ...baseEnv,
  NODE_ENV: 'production',
  NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? '.next-test',
  DATABASE_URL: e2eUrl.toString(),
  E2E_PORT: String(await freePort()),
};
const playwrightJson = path.join(resultsDir, 'e2e.json');
let e2eCode = runE2e ? await run(bin('next'), ['build'], e2eEnv) : 0;
if (runE2e && e2eCode === 0) {
  // The operator's relay for Mailroom's own mail (invitations, resets): a capture that also writes each
  // message to a folder, which specs read (e2e/helpers/system-mail.ts). Started after the build, which must
  // not depend on it.
  const systemMailDir = path.join(resultsDir, 'system-mail');
  mkdirSync(systemMailDir, { recursive: true });
  const systemMail = await startSmtpCapture({ spoolDir: systemMailDir });
  const systemMailEnv = {
    SYSTEM_SMTP_URL: `smtp://127.0.0.1:${systemMail.port}`,
    SYSTEM_MAIL_FROM: 'Mailroom <mailroom@mailroom.test>',
    E2E_SYSTEM_MAIL_DIR: systemMailDir,
  };
  // "Google" for the OAuth2 mailbox spec: oidc-provider, and a Dovecot that takes its tokens. Imported here
  // only, so a vitest-only run never loads oidc-provider.
  const { startE2eOAuthBed } = await import('./test-servers/oauth-bed');
  const oauthBed = await startE2eOAuthBed({ resultsDir, appPort: String(e2eEnv.E2E_PORT) });
  e2eCode = await run(bin('playwright'), ['test', ...e2eOnly], {
    ...e2eEnv,
    ...systemMailEnv,
    ...oauthBed.env,
    CI: process.env.CI ?? '1',
    PLAYWRIGHT_JSON_OUTPUT: playwrightJson,
  });
  await Promise.all([systemMail.stop(), oauthBed.stop()]);
} else if (runE2e) process.stderr.write('next build failed: end-to-end tests were not run\n');

await stopAll();

const unit = vitestCounts(vitestJson);
const e2e = playwrightCounts(playwrightJson);
const failed =
  unit.failed +
  e2e.failed +
  (vitestCode !== 0 && unit.failed === 0 ? 1 : 0) +
  (e2eCode !== 0 && e2e.failed === 0 ? 1 : 0) +
  (lintCode !== 0 ? 1 : 0);
process.stdout.write(
  `\nlint: ${lintCode === 0 ? 'clean' : 'failed'}; vitest: ${unit.passed} passed, ${unit.failed} failed; playwright: ${e2e.passed} passed, ${e2e.failed} failed\n`,
);
process.stdout.write(`${unit.passed + e2e.passed} passed, ${failed} failed, ${unit.skipped + e2e.skipped} skipped\n`);
process.exit(lintCode === 0 && vitestCode === 0 && e2eCode === 0 ? 0 : 1);
