import { ImapFlow } from 'imapflow';
import type { RunContext } from './context';
import { fuzzIdOfHeaders, normalizeMessageId } from './messages';

export type ServerMessage = {
  uid: number;
  flags: string[];
  keywords: string[];
  messageId: string | null;
  fuzzId: number | null;
};
export type ServerFolder = { path: string; uidValidity: number; messages: Map<number, ServerMessage> };
export type ServerState = Map<string, ServerFolder>;

const SYSTEM_FLAGS = ['\\Seen', '\\Flagged', '\\Answered', '\\Draft'];

/** Splits IMAP flags into the four Mailroom keeps as columns and the keywords (lower-cased: IMAP ignores case). */
export function splitFlags(flags: Iterable<string>): { flags: string[]; keywords: string[] } {
  const all = [...flags];
  return {
    flags: SYSTEM_FLAGS.filter((f) => all.some((g) => g.toLowerCase() === f.toLowerCase())),
    keywords: all
      .filter((f) => !f.startsWith('\\'))
      .map((f) => f.toLowerCase())
      .sort(),
  };
}

/** Every selectable folder of the account with its UIDVALIDITY and messages, read by a fresh connection. */
export async function serverSnapshot(ctx: Pick<RunContext, 'server' | 'email' | 'password'>): Promise<ServerState> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: ctx.server.imapPort,
    secure: false,
    auth: { user: ctx.email, pass: ctx.password },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  const state: ServerState = new Map();
  try {
    const listed = (await client.list()).filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'));
    for (const { path } of listed) {
      const mailbox = await client.mailboxOpen(path, { readOnly: true });
      const messages = new Map<number, ServerMessage>();
      if (mailbox.exists > 0) {
        for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true, headers: ['x-fuzz-id'] })) {
          const split = splitFlags(m.flags ?? new Set<string>());
          messages.set(m.uid, {
            uid: m.uid,
            ...split,
            messageId: normalizeMessageId(m.envelope?.messageId),
            fuzzId: fuzzIdOfHeaders(m.headers),
          });
        }
      }
      state.set(path, { path, uidValidity: Number(mailbox.uidValidity), messages });
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return state;
}
