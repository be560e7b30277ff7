import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, statfs, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../free-port';
import { renderDovecotConfig, renderOAuth2Settings } from './dovecot-config';
import { spawnMaster, waitForGreeting } from './dovecot-process';

export interface DovecotServer {
  host: '127.0.0.1';
  imapPort: number;
  lmtpPort: number;
  /** Set when started with the submission option. */
  submissionPort?: number;
  rootDir: string;
  addUser(email: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartDovecotOptions {
  /** Kept on stop(). By default a fresh directory (on /dev/shm when roomy, else os.tmpdir()) is removed on stop(). */
  rootDir?: string;
  /** IMAP port; a free one by default. */
  port?: number;
  /**
   * Also accept OAuth2 access tokens (XOAUTH2, OAUTHBEARER), checked at this RFC 7662 introspection URL with the
   * client's credentials in it (http://id:secret@host:port/path); the login must be the token's `sub`, and the
   * user must exist (addUser) for its mail directory. Password logins keep working.
   */
  oauth2?: { introspectionUrl: string };
  /** Dovecot's submission service on a free loopback port, relaying all mail unauthenticated to 127.0.0.1:relayPort. */
  submission?: { relayPort: number };
}

const HOST = '127.0.0.1';
const TMPFS_MAGIC = 0x01021994;
const ROOT_PREFIX = 'mailroom-dovecot-';

export async function startDovecot(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  const ownsRootDir = options.rootDir === undefined;
  const rootDir = path.resolve(options.rootDir ?? (await mkdtemp(path.join(await scratchParent(), ROOT_PREFIX))));
  try {
    // Dovecot splits passwd-file args on spaces and expands %-variables in every setting.
    if (/[\s%"]/.test(rootDir)) throw new Error(`Dovecot rootDir must not contain whitespace, % or ": ${rootDir}`);
    for (let attempt = 1; ; attempt++) {
      const imapPort = options.port ?? (await freePort());
      let lmtpPort = await freePort();
      while (lmtpPort === imapPort) lmtpPort = await freePort();
      let submissionPort = options.submission ? await freePort() : undefined;
      while (submissionPort === imapPort || submissionPort === lmtpPort) submissionPort = await freePort();
      try {
        return await launch({ rootDir, imapPort, lmtpPort, submissionPort, ownsRootDir, options });
      } catch (error) {
        // A port picked by binding port 0 can be taken by a parallel test before Dovecot binds it.
        const portRace = error instanceof Error && error.message.includes('Address already in use');
        if (!portRace || options.port !== undefined || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    if (ownsRootDir) await rm(rootDir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(input: {
  rootDir: string;
  imapPort: number;
  lmtpPort: number;
  submissionPort: number | undefined;
  ownsRootDir: boolean;
  options: StartDovecotOptions;
}): Promise<DovecotServer> {
  const { rootDir, imapPort, lmtpPort, submissionPort, ownsRootDir, options } = input;
  const account = await mailAccount();
  const usersDir = path.join(rootDir, 'users');
  const mailDir = path.join(rootDir, 'mail');
  // mkdtemp creates 0700, but Dovecot's auth process (user dovecot) and mail processes (user mail) must traverse it.
  await mkdir(rootDir, { recursive: true });
  await chmod(rootDir, 0o755);
  // Stale sockets from an earlier run in a reused rootDir make auth hang on ECONNREFUSED instead of ENOENT.
  await rm(path.join(rootDir, 'run'), { recursive: true, force: true });
  for (const dir of [usersDir, mailDir, path.join(rootDir, 'state')]) {
    await mkdir(dir, { recursive: true, mode: 0o755 });
  }
  await chown(mailDir, account.uid, account.gid);
  const configPath = path.join(rootDir, 'dovecot.conf');
  const { unprivileged } = account;
  const oauth2SettingsPath = path.join(rootDir, 'dovecot-oauth2.conf.ext');
  if (options.oauth2) await writeFile(oauth2SettingsPath, renderOAuth2Settings(options.oauth2.introspectionUrl));
  const config = renderDovecotConfig({
    rootDir,
    imapPort,
    lmtpPort,
    mailUser: account,
    unprivileged,
    ...(options.oauth2 ? { oauth2: { settingsPath: oauth2SettingsPath } } : {}),
    ...(options.submission && submissionPort
      ? { submission: { port: submissionPort, relayPort: options.submission.relayPort } }
      : {}),
  });
  await writeFile(configPath, config);
  await writeFile(path.join(rootDir, 'dovecot.log'), '');

  const master = spawnMaster(rootDir, configPath);
  const startup = new AbortController();
  try {
    const ended = master.ended.then((how) => `Dovecot ${how} during startup`);
    const failure = await Promise.race([waitForGreeting(imapPort, startup.signal).then(() => undefined), ended]);
    if (failure) throw new Error(failure);
  } catch (error) {
    startup.abort();
    await master.kill();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Dovecot failed to start on ${HOST}:${imapPort} (${reason}).\n${await readLogs(rootDir)}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    imapPort,
    lmtpPort,
    ...(submissionPort ? { submissionPort } : {}),
    rootDir,
    addUser: (email, password) => writeUser(usersDir, email, password),
    stop: () =>
      (stopping ??= (async () => {
        await master.kill();
        if (ownsRootDir) await rm(rootDir, { recursive: true, force: true });
      })()),
  };
}

/**
 * Adds (or changes) a user of a running Dovecot started with that rootDir, from any process: Playwright specs
 * get the root of the test bed's Dovecot from the environment.
 */
export function addDovecotUser(rootDir: string, email: string, password: string): Promise<void> {
  return writeUser(path.join(rootDir, 'users'), email, password);
}

/**
 * Puts messages straight into a user's Maildir INBOX (cur/, unread), for benches that need far more mail than
 * IMAP APPEND seeds in reasonable time (bench:fleet: 200,000). Call before Dovecot first opens the mailbox: it
 * then indexes the files on the first login. Each file's mtime is the message's INTERNALDATE. Files and
 * directories belong to the account Dovecot's mail processes run as, which must write its index next to them.
 */
export async function writeMaildirMessages(
  rootDir: string,
  email: string,
  messages: ReadonlyArray<{ raw: Buffer; internalDate: Date }>,
): Promise<void> {
  const account = await mailAccount();
  const [local, domain] = email.toLowerCase().split('@');
  if (!local || !domain) throw new Error(`Not an address: ${email}`);
  // The userdb's home is <rootDir>/mail/%d/%n and mail_location is maildir:~/Maildir (dovecot-config.ts).
  const home = path.join(rootDir, 'mail', domain, local);
  const maildir = path.join(home, 'Maildir');
  for (const dir of [
    path.join(rootDir, 'mail', domain),
    home,
    maildir,
    ...['cur', 'new', 'tmp'].map((d) => path.join(maildir, d)),
  ]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chown(dir, account.uid, account.gid);
  }
  const host = 'seed';
  for (const [index, message] of messages.entries()) {
    const seconds = Math.floor(message.internalDate.getTime() / 1000);
    // Maildir's unique name (time.MusecPpid.host), with the size Dovecot would add, and no flags after ":2,".
    const file = path.join(maildir, 'cur', `${seconds}.M${index}P${process.pid}.${host},S=${message.raw.length}:2,`);
    await writeFile(file, message.raw, { mode: 0o600 });
    await chown(file, account.uid, account.gid);
    await utimes(file, seconds, seconds);
  }
}

async function writeUser(usersDir: string, email: string, password: string): Promise<void> {
  if (!/^[^\s:/\\%]+$/.test(email)) throw new Error(`Unsupported test address for Dovecot: ${JSON.stringify(email)}`);
  if (/[:\r\n]/.test(password)) throw new Error('Dovecot passwd-file passwords cannot contain ":" or line breaks');
  // auth_username_format defaults to %Lu, so lookups (and thus the %u file name) are lower-case.
  const user = email.toLowerCase();
  const file = path.join(usersDir, user);
  const previous = await stat(file).catch(() => undefined);
  await writeFile(file, `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  if (previous) {
    // Dovecot compares whole-second mtimes (and size) and re-stats a known file at most once per second; force a
    // distinct mtime and let that second pass so a changed password is seen by the next login.
    const mtime = Math.max(Math.floor(Date.now() / 1000), Math.floor(previous.mtimeMs / 1000) + 1);
    await utimes(file, mtime, mtime);
    await sleep(1050 - (Date.now() % 1000));
  }
}

async function mailAccount(): Promise<{ uid: number; gid: number; unprivileged?: { user: string; group: string } }> {
  if (process.getuid?.() !== 0) {
    const me = os.userInfo();
    const group = (await etcEntry('/etc/group', (fields) => fields[2] === String(me.gid)))?.[0] ?? String(me.gid);
    return { uid: me.uid, gid: me.gid, unprivileged: { user: me.username, group } };
  }
  const fields = await etcEntry('/etc/passwd', (entry) => entry[0] === 'mail');
  if (!fields?.[2] || !fields[3]) throw new Error('No "mail" user in /etc/passwd to own the Dovecot test mail files');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function etcEntry(file: string, match: (fields: string[]) => boolean): Promise<string[] | undefined> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n');
  return lines.map((line) => line.split(':')).find(match);
}

/**
 * Maildir writes one file per message, which is ~7x faster on tmpfs than on an ext4 /tmp (10k messages: ~1 s vs
 * ~7 s). Containers often cap /dev/shm at 64 MB, so only use it when it has room for big mailboxes.
 */
async function scratchParent(): Promise<string> {
  const stats = await statfs('/dev/shm').catch(() => undefined);
  const free = stats ? stats.bavail * stats.bsize : 0;
  const parent = stats?.type === TMPFS_MAGIC && free >= 1024 ** 3 ? '/dev/shm' : os.tmpdir();
  sweeping ??= sweepStaleRoots(parent);
  await sweeping;
  return parent;
}

let sweeping: Promise<void> | undefined;

/** Removes directories of earlier runs that were killed before stop() (e.g. Ctrl-C), which would pile up in RAM. */
async function sweepStaleRoots(parent: string): Promise<void> {
  const names = (await readdir(parent).catch(() => [])).filter((name) => name.startsWith(ROOT_PREFIX));
  for (const name of names) {
    const dir = path.join(parent, name);
    const age = Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
    const pid = Number(await readFile(path.join(dir, 'run', 'master.pid'), 'utf8').catch(() => ''));
    // A minute of grace covers a parallel run that has created its directory but not yet started Dovecot.
    if (age < 60_000 || (pid > 0 && isAlive(pid))) continue;
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLogs(rootDir: string): Promise<string> {
  const read = (name: string) => readFile(path.join(rootDir, name), 'utf8').catch(() => '');
  return `--- dovecot.log ---\n${await read('dovecot.log')}--- stderr ---\n${await read('dovecot.stderr')}`;
}
