import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { DiscoveryDns, MxRecord, SrvRecord } from './discovery-dns';

// For the discovery tests only: the DNS seam answered from a table, and real local servers (HTTP, TCP).

export type DnsTable = {
  /** Host name -> its addresses (what getaddrinfo would return). */
  a?: Record<string, string[]>;
  mx?: Record<string, MxRecord[]>;
  srv?: Record<string, SrvRecord[]>;
};

const notFound = (name: string) => Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND' });

/** The DNS seam as a table; every question asked is recorded, an unknown name is NXDOMAIN. */
export function dnsTable(table: DnsTable): DiscoveryDns & { asked: string[] } {
  const asked: string[] = [];
  const answer = <T>(kind: string, records: Record<string, T[]> | undefined, name: string): Promise<T[]> => {
    asked.push(`${kind} ${name}`);
    const found = records?.[name];
    return found ? Promise.resolve(found) : Promise.reject(notFound(name));
  };
  return {
    asked,
    resolveMx: (domain) => answer('MX', table.mx, domain),
    resolveSrv: (name) => answer('SRV', table.srv, name),
    lookup: async (host) =>
      (await answer('A', table.a, host)).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
  };
}

export type LocalHttpServer = {
  port: number;
  /** Request lines seen ("Host path"), in order. */
  requests: string[];
  stop(): Promise<void>;
};

/** A real HTTP server on 127.0.0.1; `handle` answers by Host header and path (or never, by not answering). */
export async function startHttpServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<LocalHttpServer> {
  const requests: string[] = [];
  const server = createHttpServer((request, response) => {
    requests.push(`${request.headers.host} ${request.url}`);
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server on 127.0.0.1 that accepts connections and says nothing (a mail port, for the guesses). */
export async function startTcpListener(): Promise<{ port: number; connections: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { port: 0, connections: 0, stop: () => Promise.resolve() };
  const server = createTcpServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.stop = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** A Thunderbird clientConfig file. */
export function clientConfig(servers: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.org">
    <domain>example.org</domain>
    ${servers}
  </emailProvider>
</clientConfig>`;
}

export function server(
  kind: 'incomingServer' | 'outgoingServer',
  type: string,
  fields: { hostname: string; port: number; socketType: string; username?: string },
): string {
  return `<${kind} type="${type}">
      <hostname>${fields.hostname}</hostname>
      <port>${fields.port}</port>
      <socketType>${fields.socketType}</socketType>
      <username>${fields.username ?? '%EMAILADDRESS%'}</username>
      <authentication>password-cleartext</authentication>
    </${kind}>`;
}
