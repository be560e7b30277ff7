import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwardingServer } from './next-server';

// The server Next.js runs behind, with a stub in place of Next.js that records the headers it was handed.
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function start(trustedHops: number): Promise<{ base: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  server = createForwardingServer(async (request, response) => {
    seen.push({ ...request.headers });
    response.end('ok');
  }, trustedHops);
  // Listening on every IPv6 address: an IPv4 client then shows as ::ffff:127.0.0.1 on the socket.
  await new Promise<void>((resolve) => server!.listen(0, '::', resolve));
  return { base: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

const spoofedAddress = (i: number) => `203.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;

describe('the server in front of Next.js', () => {
  it('hands on the socket address, and nothing a client claimed, when no proxy is trusted', async () => {
    const { base, seen } = await start(0);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${base}/sign-in`, {
          headers: {
            'X-Forwarded-For': `${spoofedAddress(i)}, 10.0.0.1`,
            'X-Real-IP': spoofedAddress(i),
            Forwarded: `for=${spoofedAddress(i)}`,
            'X-Forwarded-Proto': 'https',
            'X-Forwarded-Host': 'evil.test',
            'X-Forwarded-Port': '443',
          },
        }).then((response) => response.text()),
      ),
    );
    expect(seen).toHaveLength(100);
    for (const headers of seen) {
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      for (const name of ['x-real-ip', 'forwarded', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port'])
        expect(headers[name]).toBeUndefined();
    }
  });

  it('takes the entry the trusted proxy appended, and its scheme and host, with TRUST_PROXY_HOPS=1', async () => {
    const { base, seen } = await start(1);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${base}/sign-in`, {
          headers: {
            'X-Forwarded-For': `${spoofedAddress(i)}, 198.51.100.${i + 1}`,
            'X-Forwarded-Proto': 'https',
            'X-Forwarded-Host': 'mail.example.com',
            'X-Real-IP': '1.1.1.1',
          },
        }).then((response) => response.text()),
      ),
    );
    expect(seen.map((headers) => headers['x-forwarded-for']).sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => `198.51.100.${i + 1}`).sort(),
    );
    for (const headers of seen)
      expect(headers).toMatchObject({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mail.example.com' });
    expect(seen.some((headers) => headers['x-real-ip'] !== undefined)).toBe(false);
  });

  it('takes the socket when a trusted proxy sent no X-Forwarded-For', async () => {
    const { base, seen } = await start(1);
    await fetch(base).then((response) => response.text());
    expect(seen[0]!['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('answers 500 without details when the handler throws', async () => {
    const seen: string[] = [];
    server = createForwardingServer(async (request) => {
      seen.push(request.url ?? '');
      throw new Error('boom');
    }, 0);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('boom');
  });
  it("compresses a route handler's JSON as Next.js sends it (its appendHeader made Content-Type an array)", async () => {
    // Next.js's own parts: the compression middleware its router applies, and the response wrapper whose
    // appendHeader copies a route handler's headers.
    const require = createRequire(import.meta.url);
    const compression = require('next/dist/compiled/compression') as () => (
      request: IncomingMessage,
      response: ServerResponse,
      next: () => void,
    ) => void;
    const { NodeNextResponse } = require('next/dist/server/base-http/node') as {
      NodeNextResponse: new (response: ServerResponse) => { appendHeader(name: string, value: string): unknown };
    };
    const compress = compression();
    server = createForwardingServer(async (request, response) => {
      compress(request, response, () => {});
      new NodeNextResponse(response).appendHeader('content-type', 'application/json');
      response.end(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, subject: 'Hello' })) }));
    }, 0);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/x`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect((await response.json()).items).toHaveLength(200);
  });
});
