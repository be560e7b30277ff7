import net from 'node:net';

export interface TaggedResponse {
  status: 'OK' | 'NO' | 'BAD';
  /** Everything after the status, e.g. `[APPENDUID 1 1:3] Append completed.` */
  text: string;
  untagged: string[];
}

interface Pending {
  tag: string;
  untagged: string[];
  resolve: (response: TaggedResponse) => void;
  reject: (error: Error) => void;
}

/**
 * Just enough of an IMAP client to pipeline huge commands: it writes raw bytes and waits for the tagged reply.
 * Server literals ({n}) inside responses are folded into their line so they cannot be mistaken for responses.
 */
export class ImapWire {
  private buffer: Buffer = Buffer.alloc(0);
  private partialLine = '';
  private literalLeft = 0;
  private tagCounter = 0;
  private pending: Pending | undefined;
  private bye: string | undefined;
  private failure: Error | undefined;
  private greetingWaiter: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;

  private constructor(
    private readonly socket: net.Socket,
    private readonly label: string,
  ) {}

  /** Connects and resolves once the server greeted with `* OK`. */
  static async connect(host: string, port: number): Promise<{ wire: ImapWire; greeting: string }> {
    const socket = net.connect({ host, port });
    const wire = new ImapWire(socket, `${host}:${port}`);
    socket.setNoDelay(true);
    socket.setTimeout(60_000, () => socket.destroy(new Error('no IMAP traffic for 60 s')));
    socket.on('data', (chunk: Buffer) => wire.onData(chunk));
    socket.on('error', (error) => (wire.failure ??= error));
    socket.on('close', () => wire.fail(wire.closedError()));
    const greeting = await new Promise<string>((resolve, reject) => (wire.greetingWaiter = { resolve, reject }));
    if (greeting.startsWith('* OK')) return { wire, greeting };
    wire.close();
    throw new Error(`IMAP server ${wire.label} refused the session: ${greeting}`);
  }

  /** Sends `<tag> <pieces...>\r\n` as one write and waits for the tagged response. */
  async command(pieces: Array<string | Buffer>): Promise<TaggedResponse> {
    if (this.pending) throw new Error('ImapWire runs one command at a time');
    if (this.failure || this.socket.destroyed) throw this.closedError();
    const tag = `S${++this.tagCounter}`;
    const parts = [`${tag} `, ...pieces, '\r\n'];
    const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    return new Promise((resolve, reject) => {
      this.pending = { tag, untagged: [], resolve, reject };
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private closedError(): Error {
    const cause = this.bye ?? this.failure?.message ?? 'connection closed';
    return new Error(`IMAP connection to ${this.label} ended unexpectedly: ${cause}`);
  }

  private fail(error: Error): void {
    const { pending, greetingWaiter } = this;
    this.pending = undefined;
    this.greetingWaiter = undefined;
    pending?.reject(error);
    greetingWaiter?.reject(error);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, this.buffer.length);
        this.partialLine += this.buffer.subarray(0, take).toString('latin1');
        this.buffer = this.buffer.subarray(take);
        this.literalLeft -= take;
        if (this.literalLeft > 0) return;
        continue;
      }
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = this.partialLine + this.buffer.subarray(0, end).toString('utf8');
      this.buffer = this.buffer.subarray(end + 2);
      const literal = /\{(\d+)\}$/.exec(line);
      if (literal) {
        this.partialLine = `${line}\r\n`;
        this.literalLeft = Number(literal[1]);
        continue;
      }
      this.partialLine = '';
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    if (this.greetingWaiter) {
      const { resolve } = this.greetingWaiter;
      this.greetingWaiter = undefined;
      return resolve(line);
    }
    if (line.startsWith('* ')) {
      if (/^\* BYE/i.test(line)) this.bye = line;
      this.pending?.untagged.push(line);
      return;
    }
    const pending = this.pending;
    if (!pending || !line.startsWith(`${pending.tag} `)) return;
    const match = /^(OK|NO|BAD)\b ?(.*)$/i.exec(line.slice(pending.tag.length + 1));
    this.pending = undefined;
    if (!match) return pending.reject(new Error(`Unparsable IMAP response from ${this.label}: ${line}`));
    const status = (match[1] ?? 'BAD').toUpperCase() as TaggedResponse['status'];
    pending.resolve({ status, text: match[2] ?? '', untagged: pending.untagged });
  }
}
