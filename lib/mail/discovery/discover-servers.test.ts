import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverServers } from './discover-servers';
import type { DiscoveryOptions } from './discovery-types';
import {
  clientConfig,
  type DnsTable,
  dnsTable,
  type LocalHttpServer,
  server,
  startHttpServer,
  startTcpListener,
} from './test-network';

// A public address for names that must pass the outbound-address policy but are never contacted.
const PUBLIC = '93.184.215.14';
const config = clientConfig(
  server('incomingServer', 'imap', { hostname: 'imap.from-file.example', port: 993, socketType: 'SSL' }),
);

let http: LocalHttpServer;
let imaps: Awaited<ReturnType<typeof startTcpListener>>;
let submission: Awaited<ReturnType<typeof startTcpListener>>;
beforeAll(async () => {
  http = await startHttpServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/xml' }).end(config);
  });
  [imaps, submission] = await Promise.all([startTcpListener(), startTcpListener()]);
});
afterAll(() => Promise.all([http.stop(), imaps.stop(), submission.stop()]));

function options(table: DnsTable, extra: Partial<DiscoveryOptions> = {}): DiscoveryOptions {
  return {
    dns: dnsTable(table),
    autoconfigOrigin: { scheme: 'http', port: http.port },
    allowedPrivateHosts: '127.0.0.1',
    stepTimeoutMs: 1_000,
    // Nothing listens on port 1: the SMTPS guess finds no server.
    guessPorts: { imaps: imaps.port, submissions: 1, submission: submission.port },
    ...extra,
  };
}

describe('discovery step 1: the provider table', () => {
  it('knows the big providers by the domain alone, without asking DNS', async () => {
    const dns = dnsTable({});
    expect(await discoverServers('Someone@GMail.com', { dns })).toEqual({
      source: 'provider',
      provider: 'gmail',
      label: 'Gmail',
      oauthProvider: 'google',
      imap: { host: 'imap.gmail.com', port: 993, security: 'tls', login: 'Someone@GMail.com' },
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls', login: 'Someone@GMail.com' },
    });
    expect(await discoverServers('a@hotmail.co.uk', { dns })).toMatchObject({
      provider: 'outlook',
      oauthProvider: 'microsoft',
    });
    expect(await discoverServers('a@me.com', { dns })).toMatchObject({
      provider: 'icloud',
      imap: { host: 'imap.mail.me.com' },
    });
    expect(await discoverServers('a@gmx.de', { dns })).toMatchObject({
      label: 'GMX',
      imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
      smtp: { host: 'mail.gmx.net', port: 465, security: 'tls' },
    });
    expect((await discoverServers('a@gmx.de', { dns })).provider).toBeUndefined();
    expect(dns.asked).toEqual([]);
  });

  it('knows Google Workspace and Microsoft 365 domains by their MX hosts', async () => {
    const table: DnsTable = {
      mx: {
        'shop.example': [
          { exchange: 'alt1.aspmx.l.google.com', priority: 5 },
          { exchange: 'aspmx.l.google.com.', priority: 1 },
        ],
        'firm.example': [{ exchange: 'firm-example.mail.protection.outlook.com', priority: 0 }],
        'home.example': [{ exchange: 'home-example.olc.protection.outlook.com', priority: 0 }],
      },
    };
    expect(await discoverServers('ann@shop.example', options(table))).toMatchObject({
      source: 'provider',
      provider: 'gmail',
      label: 'Google Workspace',
      oauthProvider: 'google',
      imap: { host: 'imap.gmail.com', login: 'ann@shop.example' },
    });
    expect(await discoverServers('ann@firm.example', options(table))).toMatchObject({
      provider: 'office365',
      oauthProvider: 'microsoft',
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    });
    expect(await discoverServers('ann@home.example', options(table))).toMatchObject({ provider: 'outlook' });
  });

  it('wins over an autoconfig file of the same domain', async () => {
    const table: DnsTable = {
      mx: { 'both.example': [{ exchange: 'aspmx.l.google.com', priority: 1 }] },
      a: { 'autoconfig.both.example': ['127.0.0.1'], 'imap.from-file.example': [PUBLIC] },
    };
    expect(await discoverServers('ann@both.example', options(table))).toMatchObject({ source: 'provider' });
  });
});

describe('discovery step 3: RFC 6186 SRV records', () => {
  it('takes the lowest priority, then the heaviest weight, and _imaps before _imap', async () => {
    const table: DnsTable = {
      srv: {
        '_imaps._tcp.srv.example': [
          { name: 'backup.srv.example', port: 993, priority: 20, weight: 100 },
          { name: 'light.srv.example', port: 993, priority: 10, weight: 1 },
          { name: 'heavy.srv.example', port: 9993, priority: 10, weight: 50 },
        ],
        '_imap._tcp.srv.example': [{ name: 'plain.srv.example', port: 143, priority: 0, weight: 0 }],
        '_submission._tcp.srv.example': [{ name: 'smtp.srv.example', port: 587, priority: 0, weight: 0 }],
      },
      a: { 'heavy.srv.example': [PUBLIC], 'light.srv.example': [PUBLIC], 'smtp.srv.example': [PUBLIC] },
    };
    expect(await discoverServers('ann@srv.example', options(table))).toEqual({
      source: 'srv',
      imap: { host: 'heavy.srv.example', port: 9993, security: 'tls', login: 'ann@srv.example' },
      smtp: { host: 'smtp.srv.example', port: 587, security: 'starttls', login: 'ann@srv.example' },
    });
  });

  it('reads target "." as "no such service", and skips targets on internal addresses', async () => {
    const table: DnsTable = {
      srv: {
        '_imaps._tcp.dot.example': [{ name: '.', port: 0, priority: 0, weight: 0 }],
        '_imap._tcp.dot.example': [
          { name: 'internal.dot.example', port: 143, priority: 0, weight: 0 },
          { name: 'public.dot.example', port: 143, priority: 5, weight: 0 },
        ],
        '_submissions._tcp.dot.example': [{ name: 'relay.dot.example', port: 465, priority: 0, weight: 0 }],
      },
      a: { 'internal.dot.example': ['10.0.0.25'], 'public.dot.example': [PUBLIC], 'relay.dot.example': ['172.16.0.1'] },
    };
    expect(await discoverServers('ann@dot.example', options(table))).toEqual({
      source: 'srv',
      imap: { host: 'public.dot.example', port: 143, security: 'starttls', login: 'ann@dot.example' },
    });
  });

  it('comes after the autoconfig file', async () => {
    const table: DnsTable = {
      srv: { '_imaps._tcp.order.example': [{ name: 'srv.order.example', port: 993, priority: 0, weight: 0 }] },
      a: {
        'autoconfig.order.example': ['127.0.0.1'],
        'imap.from-file.example': [PUBLIC],
        'srv.order.example': [PUBLIC],
      },
    };
    expect(await discoverServers('ann@order.example', options(table))).toMatchObject({
      source: 'autoconfig',
      imap: { host: 'imap.from-file.example' },
    });
  });
});

describe('discovery step 4: the usual names', () => {
  it('offers imap.<domain> and smtp.<domain> when they resolve to allowed addresses and take a connection', async () => {
    const table: DnsTable = { a: { 'imap.guess.example': ['127.0.0.1'], 'smtp.guess.example': ['127.0.0.1'] } };
    const before = imaps.connections;
    expect(await discoverServers('ann@guess.example', options(table))).toEqual({
      source: 'guess',
      imap: { host: 'imap.guess.example', port: imaps.port, security: 'tls', login: 'ann@guess.example' },
      smtp: { host: 'smtp.guess.example', port: submission.port, security: 'starttls', login: 'ann@guess.example' },
    });
    expect(imaps.connections).toBeGreaterThan(before);
  });

  it('falls back to mail.<domain>', async () => {
    const table: DnsTable = { a: { 'mail.fallback.example': ['127.0.0.1'] } };
    expect(await discoverServers('ann@fallback.example', options(table))).toMatchObject({
      source: 'guess',
      imap: { host: 'mail.fallback.example' },
      smtp: { host: 'mail.fallback.example', port: submission.port },
    });
  });

  it('offers no name that resolves to an internal address, or whose port is closed', async () => {
    const table: DnsTable = { a: { 'imap.closed.example': ['127.0.0.1'], 'mail.closed.example': ['127.0.0.1'] } };
    const closed = { guessPorts: { imaps: 1, submissions: 1, submission: 1 } };
    expect(await discoverServers('ann@closed.example', options(table, closed))).toEqual({ source: 'none' });
    const before = imaps.connections;
    expect(await discoverServers('ann@closed.example', options(table, { allowedPrivateHosts: '' }))).toEqual({
      source: 'none',
    });
    expect(imaps.connections).toBe(before);
  });
});

describe('discovery as a whole', () => {
  it('finds nothing for a domain without any of it, and asks every step', async () => {
    const dns = dnsTable({});
    expect(await discoverServers('ann@nothing.example', { ...options({}), dns })).toEqual({ source: 'none' });
    expect(dns.asked).toEqual(
      expect.arrayContaining([
        'MX nothing.example',
        'A autoconfig.nothing.example',
        'A nothing.example',
        'SRV _imaps._tcp.nothing.example',
        'SRV _submission._tcp.nothing.example',
        'A imap.nothing.example',
        'A mail.nothing.example',
        'A smtp.nothing.example',
      ]),
    );
  });

  it('skips a step whose DNS never answers within its timeout and ends within the total', async () => {
    const table: DnsTable = { a: { 'imap.slow.example': ['127.0.0.1'] } };
    const never = new Promise<never>(() => {});
    const dns = { ...dnsTable(table), resolveMx: () => never, resolveSrv: () => never };
    const started = Date.now();
    expect(await discoverServers('ann@slow.example', { ...options(table), dns, stepTimeoutMs: 300 })).toMatchObject({
      source: 'guess',
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    const all = { ...dns, lookup: () => never };
    const start2 = Date.now();
    expect(
      await discoverServers('ann@slow.example', {
        ...options(table),
        dns: all,
        stepTimeoutMs: 5_000,
        totalTimeoutMs: 400,
      }),
    ).toEqual({ source: 'none' });
    expect(Date.now() - start2).toBeLessThan(1_500);
  });

  it('finds nothing for what is not an address or a reserved name, without asking', async () => {
    const dns = dnsTable({});
    for (const email of ['no-at-sign', '@example.org', 'a@localhost', 'a@box.invalid', 'a@printer.local', 'a@nodot'])
      expect(await discoverServers(email, { dns })).toEqual({ source: 'none' });
    expect(dns.asked).toEqual([]);
  });

  it('asks about an internationalised domain in its ASCII form', async () => {
    const dns = dnsTable({});
    await discoverServers('ann@bücher.example', { ...options({}), dns });
    expect(dns.asked).toContain('MX xn--bcher-kva.example');
  });
});
