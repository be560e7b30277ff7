import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Debian's cyrus-imapd conflicts with dovecot-imapd (both provide imap-server), so the test bed never apt-installs
 * it: the two .debs are downloaded and unpacked under .data/cyrus/root and run from there. Only the libraries and
 * tools they need (libical3, sasl2-bin, ...) are installed normally, by scripts/system-packages.ts.
 */
const CYRUS_DEBS = ['cyrus-common', 'cyrus-imapd'] as const;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const pkgDir = path.join(repoRoot, '.data', 'cyrus-pkg');
const dataDir = path.join(repoRoot, '.data', 'cyrus');
export const cyrusRoot = path.join(dataDir, 'root');
export const cyrusBinDir = path.join(cyrusRoot, 'usr', 'lib', 'cyrus', 'bin');
/** Cyrus's service master; Debian ships it as /usr/lib/cyrus/bin/master (there is no cyrmaster). */
export const cyrusMaster = path.join(cyrusBinDir, 'master');
const versionFile = path.join(cyrusRoot, 'usr', 'lib', 'cyrus', 'cyrus-hardwired-config.txt');

export function cyrusUnpacked(): boolean {
  return existsSync(cyrusMaster) && existsSync(path.join(cyrusBinDir, 'imapd'));
}

/** The Debian version of the unpacked Cyrus (e.g. "3.6.1-4+deb12u5"), if any. */
export function unpackedCyrusVersion(): string | undefined {
  if (!existsSync(versionFile)) return undefined;
  return /^PACKAGE_VERSION\s+(\S+)/m.exec(readFileSync(versionFile, 'utf8'))?.[1];
}

/** The unpacked libcyrus*.so directory (usr/lib/<multiarch>), for LD_LIBRARY_PATH. */
export function cyrusLibDir(root = cyrusRoot): string {
  const usrLib = path.join(root, 'usr', 'lib');
  const multiarch = readdirSync(usrLib).find((dir) => existsSync(path.join(usrLib, dir, 'libcyrus_imap.so.0')));
  if (!multiarch) throw new Error(`No libcyrus_imap.so.0 under ${usrLib}`);
  return path.join(usrLib, multiarch);
}

/** The environment the unpacked binaries run in: their private libraries first. */
export function cyrusEnv(root = cyrusRoot): NodeJS.ProcessEnv {
  const libs = [cyrusLibDir(root), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { ...process.env, LD_LIBRARY_PATH: libs };
}

/** Shared libraries the unpacked master and imapd cannot find (as reported by ldd), e.g. ["libical.so.3"]. */
export function missingCyrusLibraries(root = cyrusRoot): string[] {
  const bin = path.join(root, 'usr', 'lib', 'cyrus', 'bin');
  const result = spawnSync('ldd', [path.join(bin, 'master'), path.join(bin, 'imapd')], {
    env: cyrusEnv(root),
    encoding: 'utf8',
  });
  const missing = [...(result.stdout ?? '').matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1] ?? '');
  return [...new Set(missing)].sort();
}

interface EnsureOptions {
  /** Re-unpack when apt's candidate version differs from the unpacked one (costs an apt-cache call). */
  checkVersion?: boolean;
  log?: (line: string) => void;
}

/**
 * Makes sure .data/cyrus/root holds the unpacked cyrus-common and cyrus-imapd of apt's candidate version.
 * Works without root as long as the apt lists are present (apt-get download and dpkg-deb -x need no privileges);
 * only a missing or stale package list needs root for `apt-get update`. Safe against parallel callers: each one
 * unpacks into a directory of its own and renames it into place.
 */
export function ensureCyrusUnpacked(options: EnsureOptions = {}): void {
  const log = options.log ?? (() => {});
  if (cyrusUnpacked() && !options.checkVersion) return;
  let version = candidateVersion();
  if (version === undefined) {
    aptUpdate(`apt has no candidate version of ${CYRUS_DEBS.join(' and ')}`);
    version = candidateVersion();
    if (version === undefined) throw new Error(`apt-cache policy has no candidate version of ${CYRUS_DEBS.join(', ')}`);
  }
  if (cyrusUnpacked() && unpackedCyrusVersion() === version) return;

  log(`Unpacking Cyrus IMAP ${version} (${CYRUS_DEBS.join(', ')}) into ${path.relative(repoRoot, cyrusRoot)}\n`);
  let debs = downloadDebs(version);
  if (!debs.ok) {
    // Stale lists name a version the mirror no longer has.
    aptUpdate(`apt-get download failed:\n${debs.output}`);
    version = candidateVersion() ?? version;
    debs = downloadDebs(version);
    if (!debs.ok) throw new Error(`apt-get download ${CYRUS_DEBS.join(' ')} failed:\n${debs.output}`);
  }

  const staging = `${cyrusRoot}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const deb of debs.files) run('dpkg-deb', ['-x', deb, staging]);
    const missing = missingCyrusLibraries(staging);
    if (missing.length > 0) {
      throw new Error(
        `The unpacked Cyrus needs shared libraries that are not installed: ${missing.join(', ')}. ` +
          'Add their packages to scripts/system-packages.ts.',
      );
    }
    moveIntoPlace(staging, version);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function moveIntoPlace(staging: string, version: string): void {
  // A parallel caller was faster: keep its copy rather than pulling it away from under a starting server.
  if (cyrusUnpacked() && unpackedCyrusVersion() === version) return;
  const old = `${cyrusRoot}.old-${process.pid}`;
  if (existsSync(cyrusRoot)) renameSync(cyrusRoot, old);
  try {
    renameSync(staging, cyrusRoot);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}

/** `Candidate:` of `apt-cache policy cyrus-imapd`, the version `apt-get install` would pick. */
function candidateVersion(): string | undefined {
  const result = spawnSync('apt-cache', ['policy', ...CYRUS_DEBS], { encoding: 'utf8' });
  const candidates = [...(result.stdout ?? '').matchAll(/^\s*Candidate:\s*(\S+)/gm)].map((m) => m[1]);
  const [first] = candidates;
  if (candidates.length !== CYRUS_DEBS.length || !first || first === '(none)') return undefined;
  if (candidates.some((candidate) => candidate !== first)) return undefined;
  return first;
}

function downloadDebs(version: string): { ok: boolean; files: string[]; output: string } {
  mkdirSync(pkgDir, { recursive: true });
  const expected = (name: string) =>
    readdirSync(pkgDir).find(
      (file) => file.startsWith(`${name}_${version.replace(':', '%3a')}_`) && file.endsWith('.deb'),
    );
  const have = () => CYRUS_DEBS.map(expected);
  if (have().every(Boolean)) return { ok: true, files: have().map((f) => path.join(pkgDir, f ?? '')), output: '' };

  // apt-get download writes into its working directory; a private one keeps parallel callers from clobbering
  // each other's partial files. As root apt would drop to the _apt user, which cannot write there and makes apt
  // warn "Download is performed unsandboxed as root"; downloading as root outright avoids that.
  const workDir = path.join(pkgDir, `download-${process.pid}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  try {
    const sandbox = process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : [];
    const result = spawnSync(
      'apt-get',
      ['download', '-q', ...sandbox, ...CYRUS_DEBS.map((name) => `${name}=${version}`)],
      {
        cwd: workDir,
        encoding: 'utf8',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
    if (result.status !== 0) return { ok: false, files: [], output };
    // .debs of earlier versions are of no further use.
    const current = (file: string) =>
      CYRUS_DEBS.some((name) => file.startsWith(`${name}_${version.replace(':', '%3a')}_`));
    for (const file of readdirSync(pkgDir).filter((f) => f.endsWith('.deb') && !current(f)))
      rmSync(path.join(pkgDir, file));
    for (const file of readdirSync(workDir)) renameSync(path.join(workDir, file), path.join(pkgDir, file));
    const files = have();
    if (!files.every(Boolean)) return { ok: false, files: [], output: `${output}\n(no .deb of version ${version})` };
    return { ok: true, files: files.map((f) => path.join(pkgDir, f ?? '')), output };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function aptUpdate(reason: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${reason}\nRefresh the package lists as root (sudo apt-get update) and run the tests again.`);
  }
  run('apt-get', ['update', '-qq']);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}
