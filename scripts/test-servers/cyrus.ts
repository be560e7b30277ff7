import { spawn } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port';
import { renderCyrusConf, renderImapdConf } from './cyrus-config';
import { cyrusBinDir, cyrusLibDir, ensureCyrusUnpacked, missingCyrusLibraries } from './cyrus-install';
import { CYRUS_ROOT_PREFIX, scratchParent, spawnCyrusMaster } from './cyrus-process';
import { waitForGreeting } from './dovecot-process';
import { ImapWire } from './imap-wire';

export interface CyrusServer {
  host: '127.0.0.1';
  imapPort: number;
  rootDir: string;
  /** Creates the account (or changes its password) and its INBOX, Drafts, Sent, Junk, Trash and Archive. */
  addUser(email: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartCyrusOptions {
  /** Kept on stop(). By default a fresh directory (on /dev/shm when roomy, else os.tmpdir()) is removed on stop(). */
  rootDir?: string;
  /** IMAP port; a free one by default. */
  port?: number;
}

const HOST = '127.0.0.1';
/** What the master forks and execs; copied into rootDir, so no path in cyrus.conf contains the repository's path. */
const BINARIES = ['master', 'imapd', 'idled'];

export async function startCyrus(options: StartCyrusOptions = {}): Promise<CyrusServer> {
  // Cheap when .data/cyrus/root is there; `npm test` unpacks it up front (scripts/system-packages.ts).
  ensureCyrusUnpacked();
  const ownsRootDir = options.rootDir === undefined;
  const rootDir = path.resolve(options.rootDir ?? (await mkdtemp(path.join(await scratchParent(), CYRUS_ROOT_PREFIX))));
  try {
    // cyrus.conf splits cmd="..." on whitespace.
    if (/[\s"'%]/.test(rootDir)) throw new Error(`Cyrus rootDir must not contain whitespace, quotes or %: ${rootDir}`);
    for (let attempt = 1; ; attempt++) {
      const imapPort = options.port ?? (await freePort());
      try {
        return await launch(rootDir, imapPort, ownsRootDir);
      } catch (error) {
        // A port picked by binding port 0 can be taken by a parallel test before Cyrus binds it.
        const portRace = error instanceof PortTakenError;
        if (!portRace || options.port !== undefined || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    if (ownsRootDir) await rm(rootDir, { recursive: true, force: true });
    throw error;
  }
}

class PortTakenError extends Error {}

async function launch(rootDir: string, imapPort: number, ownsRootDir: boolean): Promise<CyrusServer> {
  const account = await serviceAccount();
  for (const dir of ['conf/socket', 'spool', 'sieve', 'bin', 'lib'])
    await mkdir(path.join(rootDir, dir), { recursive: true });
  for (const name of BINARIES) await copyFile(path.join(cyrusBinDir, name), path.join(rootDir, 'bin', name));
  const libDir = cyrusLibDir();
  for (const name of (await readdir(libDir)).filter((file) => /^libcyrus\w*\.so\.\d+$/.test(file))) {
    await copyFile(path.join(libDir, name), path.join(rootDir, 'lib', name));
  }
  const input = { rootDir, imapPort, user: account.user, group: account.group };
  await writeFile(path.join(rootDir, 'imapd.conf'), renderImapdConf(input));
  await writeFile(path.join(rootDir, 'cyrus.conf'), renderCyrusConf(input));
  await chownTree(rootDir, account.uid, account.gid);

  const env = { ...process.env, LD_LIBRARY_PATH: path.join(rootDir, 'lib') };
  const runAs = process.getuid?.() === 0 ? account : undefined;
  const master = spawnCyrusMaster({ rootDir, runAs, env });
  const startup = new AbortController();
  try {
    const ended = master.ended.then((how) => `Cyrus master ${how} during startup`);
    const failure = await Promise.race([waitForGreeting(imapPort, startup.signal).then(() => undefined), ended]);
    if (failure) throw new Error(failure);
  } catch (error) {
    startup.abort();
    await master.kill();
    const stderr = await readFile(path.join(rootDir, 'cyrus.stderr'), 'utf8').catch(() => '');
    if (/address already in use/i.test(stderr) || (await portTaken(imapPort))) {
      throw new PortTakenError(`Port ${imapPort} was taken before Cyrus could bind it`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    const missing = missingCyrusLibraries();
    const libs = missing.length ? `\nMissing shared libraries: ${missing.join(', ')}` : '';
    throw new Error(
      `Cyrus failed to start on ${HOST}:${imapPort} (${reason}).${libs}\n--- cyrus.stderr ---\n${stderr}`,
    );
  }

  let stopping: Promise<void> | undefined;
  let userQueue: Promise<unknown> = Promise.resolve();
  return {
    host: HOST,
    imapPort,
    rootDir,
    // saslpasswd2 writes a Berkeley DB without locking: one writer at a time.
    addUser: (email, password) => {
      const next = userQueue.then(() => addUser({ rootDir, imapPort, account }, email, password));
      userQueue = next.catch(() => undefined);
      return next;
    },
    stop: () =>
      (stopping ??= (async () => {
        await master.kill();
        if (ownsRootDir) await rm(rootDir, { recursive: true, force: true });
      })()),
  };
}

interface Instance {
  rootDir: string;
  imapPort: number;
  account: { uid: number; gid: number };
}

async function addUser(instance: Instance, email: string, password: string): Promise<void> {
  if (!/^[^\s@"\\%/]+@[^\s@"\\%/]+$/.test(email))
    throw new Error(`Unsupported test address for Cyrus: ${JSON.stringify(email)}`);
  if (/[\r\n\0]/.test(password) || password === '') {
    throw new Error('Cyrus test passwords cannot be empty or contain line breaks or NUL');
  }
  // username_tolower (on by default) lower-cases logins, as Dovecot's %Lu does.
  const user = email.toLowerCase();
  const sasldb = path.join(instance.rootDir, 'sasldb2');
  await runWithInput('saslpasswd2', ['-f', sasldb, '-p', '-c', user], password);
  await chown(sasldb, instance.account.uid, instance.account.gid);
  await chmod(sasldb, 0o600);

  // The first login creates INBOX and the special-use folders (autocreate_quota / autocreate_inbox_folders).
  const { wire } = await ImapWire.connect(HOST, instance.imapPort);
  try {
    const login = await wire.command(['LOGIN ', ...literal(user), ' ', ...literal(password)]);
    if (login.status !== 'OK') throw new Error(`Cyrus refused the login of the new user ${user}: ${login.text}`);
    const list = await wire.command(['LIST "" INBOX']);
    if (!list.untagged.some((line) => /^\* LIST \([^)]*\) "\/" "?INBOX"?$/i.test(line))) {
      throw new Error(`Cyrus did not create the INBOX of ${user}: ${list.untagged.join(' | ')} ${list.text}`);
    }
    await wire.command(['LOGOUT']).catch(() => undefined);
  } finally {
    wire.close();
  }
}

/** A LITERAL+ literal, so any password goes through unquoted and unescaped. */
function literal(value: string): [string, Buffer] {
  const bytes = Buffer.from(value, 'utf8');
  return [`{${bytes.length}+}\r\n`, bytes];
}

function runWithInput(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.trim()}`)),
    );
    child.stdin.end(input);
  });
}

async function serviceAccount(): Promise<{ user: string; group: string; uid: number; gid: number }> {
  if (process.getuid?.() !== 0) {
    const me = os.userInfo();
    const group = (await etcEntry('/etc/group', (fields) => fields[2] === String(me.gid)))?.[0] ?? String(me.gid);
    return { user: me.username, group, uid: me.uid, gid: me.gid };
  }
  // Cyrus refuses to run as root; Debian's `mail` account owns the test mail files, as with Dovecot.
  const fields = await etcEntry('/etc/passwd', (entry) => entry[0] === 'mail');
  if (!fields?.[2] || !fields[3]) throw new Error('No "mail" user in /etc/passwd to run the Cyrus test server as');
  const group = (await etcEntry('/etc/group', (entry) => entry[2] === fields[3]))?.[0] ?? 'mail';
  return { user: 'mail', group, uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function etcEntry(file: string, match: (fields: string[]) => boolean): Promise<string[] | undefined> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n');
  return lines.map((line) => line.split(':')).find(match);
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, uid, gid);
    else await chown(full, uid, gid);
  }
}

/** True when something else listens on the port (so the master could not bind it). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    server.listen(port, HOST, () => server.close(() => resolve(false)));
  });
}
