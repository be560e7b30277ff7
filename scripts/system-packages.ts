import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { ensureCyrusUnpacked } from './test-servers/cyrus-install';

// Where Debian puts shared libraries on this architecture (the unpacked Cyrus is of the same architecture).
const MULTIARCH =
  ({ x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' } as Record<string, string>)[process.arch] ??
  `${process.arch}-linux-gnu`;
const lib = (file: string) => `/usr/lib/${MULTIARCH}/${file}`;

// Debian packages the test suites need, with a file that proves each is installed.
const required = [
  { pkg: 'dovecot-imapd', file: '/usr/sbin/dovecot' },
  { pkg: 'dovecot-imapd', file: '/usr/lib/dovecot/imap' },
  { pkg: 'dovecot-lmtpd', file: '/usr/lib/dovecot/lmtp' },
  // Submission (SMTP with XOAUTH2/OAUTHBEARER) in front of the SMTP capture, for the OAuth2 mailbox tests.
  { pkg: 'dovecot-submissiond', file: '/usr/lib/dovecot/submission' },
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  // Cyrus IMAP itself conflicts with dovecot-imapd and is only unpacked (see test-servers/cyrus-install.ts); these
  // are the tools and shared libraries its master and imapd need (cyrus-common's library dependencies, except
  // libclamav12 and libzephyr4, which only cyr_virusscan and notifyd load).
  { pkg: 'sasl2-bin', file: '/usr/sbin/saslpasswd2' },
  { pkg: 'libsasl2-2', file: lib('libsasl2.so.2') },
  { pkg: 'libsasl2-modules', file: lib('sasl2/libplain.so.2') },
  { pkg: 'libsasl2-modules-db', file: lib('sasl2/libsasldb.so.2') },
  { pkg: 'libical3', file: lib('libical.so.3') },
  { pkg: 'libicu72', file: lib('libicuuc.so.72') },
  { pkg: 'libjansson4', file: lib('libjansson.so.4') },
  { pkg: 'libkrb5-3', file: lib('libkrb5.so.3') },
  { pkg: 'libldap-2.5-0', file: lib('libldap-2.5.so.0') },
  { pkg: 'libpcre3', file: lib('libpcreposix.so.3') },
  { pkg: 'libpq5', file: lib('libpq.so.5') },
  { pkg: 'libsqlite3-0', file: lib('libsqlite3.so.0') },
  { pkg: 'libssl3', file: lib('libssl.so.3') },
  { pkg: 'libwrap0', file: lib('libwrap.so.0') },
  { pkg: 'libxapian30', file: lib('libxapian.so.30') },
  { pkg: 'libxml2', file: lib('libxml2.so.2') },
];

const POLICY_RC = '/usr/sbin/policy-rc.d';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/**
 * Installs the missing packages with apt-get when running as root; otherwise prints the exact command and
 * exits. The tests start their own Dovecot on loopback, so the package's system service must not start:
 * a policy-rc.d that refuses service starts is in place for the duration of the install. Then unpacks Cyrus IMAP
 * (of apt's candidate version) under .data/cyrus, which needs no root unless the package lists are missing.
 */
export function ensureSystemPackages(): void {
  installMissing();
  try {
    ensureCyrusUnpacked({ checkVersion: true, log: (line) => process.stdout.write(line) });
  } catch (error) {
    process.stderr.write(
      `Could not unpack Cyrus IMAP for the tests: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exit(1);
  }
}

function installMissing(): void {
  const missing = [...new Set(required.filter((r) => !existsSync(r.file)).map((r) => r.pkg))];
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    process.stderr.write(
      `The tests need Debian packages that are not installed: ${missing.join(', ')}.\nInstall them as root:\n  sudo sh -c '${line}'\n`,
    );
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
