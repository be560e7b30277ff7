import type { ImapFlow } from 'imapflow';
import type { Db } from '@/db/client';
import type { Actor } from '@/lib/access/actor';
import type { ImapFaultProxy, ProxiedCommand } from '@/scripts/test-servers/imap-fault-proxy';
import { fuzzIdOfHeaders, type MessageFactory } from './messages';

export type ServerKind = 'dovecot' | 'cyrus';

/** What the fuzzer needs of a test IMAP server (Dovecot's and Cyrus's handles both fit). */
export type FuzzServer = { imapPort: number; addUser(email: string, password: string): Promise<void> };

/** A message row linked to work by this run, as it was right after linking. */
export type TrackedLink = { rowId: number; fuzzId: number | null; links: number; kinds: string[]; where: string };

export type RunContext = {
  kind: ServerKind;
  seed: number;
  db: Db;
  server: FuzzServer;
  /** The mailbox connects through it; armed only for cut syncs. */
  proxy: ImapFaultProxy;
  email: string;
  password: string;
  mailboxId: string;
  orgId: string;
  actor: Extract<Actor, { kind: 'user' }>;
  /** The second IMAP client (a phone, Thunderbird), straight to the server. */
  client: ImapFlow;
  messages: MessageFactory;
  linked: Map<number, TrackedLink>;
  /** Rows the user deleted for good through Mailroom (their links go with them, as the user asked). */
  deletedOnPurpose: Set<number>;
  /** Fuzz ids that had more than one copy on the server at some point (COPY, exact duplicate APPEND). */
  duplicated: Set<number>;
  /** The last sync that ran to its end through the proxy: its commands, for choosing where to cut the next. */
  lastSync: { commands: ProxiedCommand[]; ms: number };
  /** Fault-free syncs that failed: a divergence of their own. */
  syncErrors: string[];
};

export const SPECIAL_PATHS = new Set(['INBOX', 'Drafts', 'Sent', 'Junk', 'Trash', 'Archive']);

/** Selectable folders on the server, by path, in a stable order. */
export async function serverFolders(client: ImapFlow): Promise<string[]> {
  const listed = await client.list();
  return listed
    .filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'))
    .map((f) => f.path)
    .sort();
}

export const customFolders = async (client: ImapFlow) =>
  (await serverFolders(client)).filter((p) => !SPECIAL_PATHS.has(p));

/** UIDs of a folder, ascending. */
export async function uidsOf(client: ImapFlow, path: string): Promise<number[]> {
  const lock = await client.getMailboxLock(path);
  try {
    if (!client.mailbox || client.mailbox.exists === 0) return [];
    const found = await client.search({ all: true }, { uid: true });
    return (found || []).slice().sort((a, b) => a - b);
  } finally {
    lock.release();
  }
}

/** Fuzz ids of the given UIDs of a folder. */
export async function fuzzIdsOf(client: ImapFlow, path: string, uids: number[]): Promise<Map<number, number | null>> {
  const result = new Map<number, number | null>();
  if (uids.length === 0) return result;
  const lock = await client.getMailboxLock(path);
  try {
    for await (const m of client.fetch(uids.join(','), { uid: true, headers: ['x-fuzz-id'] }, { uid: true }))
      result.set(m.uid, fuzzIdOfHeaders(m.headers));
  } finally {
    lock.release();
  }
  return result;
}

/** Folders with messages, with their UIDs. */
export async function nonEmptyFolders(client: ImapFlow): Promise<Array<{ path: string; uids: number[] }>> {
  const result = [];
  for (const path of await serverFolders(client)) {
    const uids = await uidsOf(client, path);
    if (uids.length > 0) result.push({ path, uids });
  }
  return result;
}

export const quote = (path: string) => JSON.stringify(path);
/** One line for the log: the error's code and message, and the innermost cause (a database error under a query's). */
export const errorText = (error: unknown): string => {
  const code =
    typeof error === 'object' && error !== null && 'code' in error
      ? `${String((error as { code: unknown }).code)}: `
      : '';
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
  let cause: unknown = error instanceof Error ? error.cause : undefined;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const inner = cause instanceof Error ? ` — cause: ${cause.message.replace(/\s+/g, ' ').slice(0, 160)}` : '';
  return `${code}${message.slice(0, inner ? 110 : 220)}${inner}`;
};
