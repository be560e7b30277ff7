import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResolver } from './outbound-address';
import { outboundHttpGet } from './outbound-http-get';
import type { PinnedHttpGet } from './pinned-http-get';

// Every name resolves to the local server; 127.0.0.1 is what the operator allowed here.
const local: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((request, response) => {
    const to = new URL(request.url ?? '/', 'http://x').searchParams.get('to');
    if (to) return void response.writeHead(302, { location: to }).end();
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(`<ok host="${request.headers.host}"/>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (url: string, extra: Partial<Parameters<typeof outboundHttpGet>[1]> = {}) =>
  outboundHttpGet(url, {
    resolve: local,
    allowedPrivateHosts: '127.0.0.1',
    maxBytes: 1_000,
    signal: AbortSignal.timeout(2_000),
    ...extra,
  });

describe('a GET for the server itself, through the outbound-address policy', () => {
  it('connects to the checked address and keeps the name as Host', async () => {
    const response = await get(`http://files.example:${port}/a`);
    expect(response).toMatchObject({ status: 200, contentType: 'text/xml' });
    expect(response.body.toString()).toBe(`<ok host="files.example:${port}"/>`);
  });

  it('follows a redirect, checking its host again', async () => {
    const to = encodeURIComponent(`http://other.example:${port}/b`);
    const followed = await get(`http://files.example:${port}/?to=${to}`);
    expect(followed.url.host).toBe(`other.example:${port}`);
    const inside: HostResolver = async (host) => [
      { address: host === 'other.example' ? '10.0.0.1' : '127.0.0.1', family: 4 },
    ];
    await expect(get(`http://files.example:${port}/?to=${to}`, { resolve: inside })).rejects.toMatchObject({
      code: 'validation',
      problem: { key: 'net.internalAddress' },
    });
  });

  it.each([
    ['credentials', `http://user:secret@other.example:PORT/`],
    ['another port', 'http://other.example:25/'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses a redirect with %s', async (_name, target) => {
    const to = encodeURIComponent(target.replace('PORT', String(port)));
    await expect(get(`http://files.example:${port}/?to=${to}`)).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('refuses a redirect loop after a few hops', async () => {
    let url = `http://files.example:${port}/end`;
    for (let i = 0; i < 5; i++) url = `http://files.example:${port}/?to=${encodeURIComponent(url)}`;
    await expect(get(url)).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('refuses a redirect from HTTPS to plain HTTP', async () => {
    const downgrade: PinnedHttpGet = async () => ({
      status: 301,
      location: 'http://files.example/',
      contentType: '',
      body: Buffer.alloc(0),
    });
    await expect(get('https://files.example/', { get: downgrade })).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('refuses a body over the limit', async () => {
    await expect(get(`http://files.example:${port}/`, { maxBytes: 5 })).rejects.toMatchObject({ code: 'ETOOLARGE' });
  });
});
