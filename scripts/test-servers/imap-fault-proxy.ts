import net from 'node:net';

/** One tagged command a client sent through the proxy (its first line, without the tag; credentials redacted). */
export type ProxiedCommand = {
  /** 1-based, across all connections since the proxy started (or since `clearLog`). */
  index: number;
  /** Which client connection (1-based, in order of accept). */
  connection: number;
  tag: string;
  /** Upper-case command name; `UID FETCH`, `UID STORE`, … for UID commands. */
  name: string;
  /** The first line after the tag, e.g. `EXAMINE "Projects" (CONDSTORE)`. */
  text: string;
  /** True for the command at which the proxy cut the connection (it never reached the server). */
  cut: boolean;
};

/** When to cut: at the Nth command seen after arming, or at the Nth (default first) one whose text matches. */
export type CutRule = { atCommand: number } | { match: RegExp; nth?: number };

export type ImapFaultProxy = {
  port: number;
  /** Arms a one-shot cut, counted from now; replaces any armed cut. */
  armCut(rule: CutRule): void;
  disarm(): void;
  /** The command the last cut happened at, if any since the last `armCut`. */
  lastCut(): ProxiedCommand | null;
  commands(): ProxiedCommand[];
  clearLog(): void;
  stop(): Promise<void>;
};

const MAX_HELD_LINE = 1 << 20;

/**
 * A loopback TCP proxy in front of an IMAP server that reads the client→server stream as IMAP commands
 * (literals `{n}`, `{n+}` and `~{n}` are passed through unparsed, so message bodies are never taken for
 * commands) and can cut both sockets just before a chosen command reaches the server, as a dead network
 * or a crashed server would at that moment. Server→client bytes are relayed untouched, but COMPRESS is
 * declined by the proxy itself (NO [CANNOT]): a deflated stream could not be read.
 */
export async function startImapFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<ImapFaultProxy> {
  const sockets = new Set<net.Socket>();
  let log: ProxiedCommand[] = [];
  let total = 0;
  let connections = 0;
  let armed: { rule: CutRule; seen: number } | null = null;
  let cutAt: ProxiedCommand | null = null;

  /** Records a command and says whether to cut before it. */
  const onCommand = (connection: number, tag: string, rest: string): boolean => {
    const words = rest.split(' ');
    const first = (words[0] ?? '').toUpperCase();
    const name = first === 'UID' && words[1] ? `UID ${words[1].toUpperCase()}` : first;
    const text = /^(LOGIN|AUTHENTICATE)$/.test(name) ? `${name} ***` : rest;
    const command: ProxiedCommand = { index: ++total, connection, tag, name, text, cut: false };
    log.push(command);
    if (!armed) return false;
    const { rule } = armed;
    const hit =
      'atCommand' in rule ? ++armed.seen === rule.atCommand : rule.match.test(rest) && ++armed.seen === (rule.nth ?? 1);
    if (!hit) return false;
    command.cut = true;
    cutAt = command;
    armed = null;
    return true;
  };

  const server = net.createServer((client) => {
    const connection = ++connections;
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    // Nothing is read from the client before the server is reached, so what was relayed before a cut arrives.
    client.pause();
    upstream.once('connect', () => client.resume());
    let draining = false;
    const cut = () => {
      client.destroy();
      if (!draining) upstream.destroy();
    };
    // At a chosen command: the client loses its connection at once; the server gets what came before it.
    const cutBeforeCommand = () => {
      draining = true;
      client.destroy();
      upstream.end(() => upstream.destroy());
      setTimeout(() => upstream.destroy(), 1_000).unref();
    };
    let pending: Buffer = Buffer.alloc(0);
    let literalLeft = 0;
    // After a literal, the next line continues the same command rather than starting a new one.
    let continuation = false;
    client.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (literalLeft > 0) {
          const take = Math.min(literalLeft, pending.length);
          upstream.write(pending.subarray(0, take));
          pending = pending.subarray(take);
          literalLeft -= take;
          if (literalLeft > 0) return;
          continue;
        }
        const end = pending.indexOf('\r\n');
        if (end < 0) {
          // A line this long without CRLF is no command we could choose to cut at: let it through.
          if (pending.length > MAX_HELD_LINE) {
            upstream.write(pending);
            pending = Buffer.alloc(0);
          }
          return;
        }
        const line = pending.subarray(0, end).toString('latin1');
        const bytes = pending.subarray(0, end + 2);
        pending = pending.subarray(end + 2);
        if (!continuation) {
          // Untagged client lines (IDLE's DONE, AUTHENTICATE continuations) have no space after a tag.
          const tagged = /^([^\s(){%*"\\\]]+) (\S.*)$/.exec(line);
          if (tagged && onCommand(connection, tagged[1]!, tagged[2]!)) return cutBeforeCommand();
          // A compressed stream could not be read any more: the proxy declines COMPRESS in the server's stead
          // (the client waits for this answer, so the server is silent meanwhile), and clients carry on without.
          if (tagged && /^COMPRESS\b/i.test(tagged[2]!)) {
            client.write(`${tagged[1]} NO [CANNOT] Compression is not available through this proxy\r\n`);
            continue;
          }
        }
        upstream.write(bytes);
        const literal = /~?\{(\d+)\+?\}$/.exec(line);
        continuation = literal !== null;
        literalLeft = literal ? Number(literal[1]) : 0;
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', cut);
      socket.on('close', () => {
        sockets.delete(socket);
        cut();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    armCut: (rule) => {
      armed = { rule, seen: 0 };
      cutAt = null;
    },
    disarm: () => {
      armed = null;
    },
    lastCut: () => cutAt,
    commands: () => log.slice(),
    clearLog: () => {
      log = [];
      total = 0;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
