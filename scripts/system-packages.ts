import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

// Debian packages the test suites need, with a file that proves each is installed.
const required = [
  { pkg: 'dovecot-imapd', file: '/usr/sbin/dovecot' },
  { pkg: 'dovecot-imapd', file: '/usr/lib/dovecot/imap' },
  { pkg: 'dovecot-lmtpd', file: '/usr/lib/dovecot/lmtp' },
  { pkg: 'chromium', file: '/usr/bin/chromium' },
];

const POLICY_RC = '/usr/sbin/policy-rc.d';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/**
 * Installs the missing packages with apt-get when running as root; otherwise prints the exact command and
 * exits. The tests start their own Dovecot on loopback, so the package's system service must not start:
 * a policy-rc.d that refuses service starts is in place for the duration of the install.
 */
export function ensureSystemPackages(): void {
  const missing = [...new Set(required.filter((r) => !existsSync(r.file)).map((r) => r.pkg))];
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    process.stderr.write(`The tests need Debian packages that are not installed: ${missing.join(', ')}.\nInstall them as root:\n  sudo sh -c '${line}'\n`);
    process.exit(1);
  }
  process.stdout.write(`Installing Debian packages for the tests: ${missing.join(', ')}\n`);
  const ownPolicy = !existsSync(POLICY_RC);
  if (ownPolicy) writeFileSync(POLICY_RC, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } finally {
    if (ownPolicy) rmSync(POLICY_RC, { force: true });
  }
}
