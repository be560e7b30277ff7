import { startCyrus } from './cyrus';
import { startDovecot } from './dovecot';

export type ImapServerKind = 'dovecot' | 'cyrus';

/** Every kind, for `describe.each(IMAP_SERVER_KINDS)`: a test written once runs against both servers. */
export const IMAP_SERVER_KINDS: readonly ImapServerKind[] = ['dovecot', 'cyrus'];

/**
 * What both throw-away servers offer. On both, logins are full e-mail addresses, the hierarchy separator is "/",
 * folders are top-level siblings of INBOX, and addUser() makes an account whose Drafts, Sent, Junk, Trash and
 * Archive folders carry their SPECIAL-USE attributes. Differences worth knowing: Dovecot also offers LMTP
 * (DovecotServer.lmtpPort); Cyrus refuses to DELETE special-use folders and reports their attributes in lower
 * case (`\sent`), which clients must compare case-insensitively.
 */
export interface TestImapServer {
  kind: ImapServerKind;
  host: '127.0.0.1';
  imapPort: number;
  rootDir: string;
  /** Creates the account, or changes its password. */
  addUser(email: string, password: string): Promise<void>;
  /** Kills the server and all its processes and, unless a rootDir was given, removes its files. */
  stop(): Promise<void>;
}

export interface StartImapServerOptions {
  /** Kept on stop(); a fresh temporary directory by default. */
  rootDir?: string;
  /** IMAP port; a free one by default. */
  port?: number;
}

export async function startImapServer(
  kind: ImapServerKind,
  options: StartImapServerOptions = {},
): Promise<TestImapServer> {
  const server = kind === 'cyrus' ? await startCyrus(options) : await startDovecot(options);
  const { host, imapPort, rootDir } = server;
  return {
    kind,
    host,
    imapPort,
    rootDir,
    addUser: (email, password) => server.addUser(email, password),
    stop: () => server.stop(),
  };
}
