import net from 'node:net';

export type TcpProxy = {
  port: number;
  dropAfterBytes(bytes: number | null): void;
  /** From now on nothing is forwarded either way, on open and new connections, which stay open: a server that hangs. */
  stall(): void;
  stop(): Promise<void>;
};

/**
 * A loopback TCP proxy in front of a test server that can cut connections: after `dropAfterBytes` bytes from
 * the server, both sides are destroyed mid-stream, as a dead network or a crashed server would. After
 * `stall()` it silently drops all data instead, so clients wait until their own timeouts fire.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let limit: number | null = null;
  let stalled = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    let relayed = 0;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('data', (chunk: Buffer) => {
      if (stalled) return;
      relayed += chunk.length;
      if (limit !== null && relayed > limit) {
        client.write(chunk.subarray(0, Math.max(0, chunk.length - (relayed - limit))));
        cut();
        return;
      }
      client.write(chunk);
    });
    client.on('data', (chunk) => {
      if (!stalled) upstream.write(chunk);
    });
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
    dropAfterBytes: (bytes) => {
      limit = bytes;
    },
    stall: () => {
      stalled = true;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
