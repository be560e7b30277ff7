import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverServers } from './discover-servers';
import type { DiscoveryOptions } from './discovery-types';
import { clientConfig, type DnsTable, dnsTable, type LocalHttpServer, server, startHttpServer } from './test-network';

const EMAIL = 'ann@example.org';
const goodConfig = clientConfig(
  server('incomingServer', 'imap', { hostname: 'imap.example.org', port: 993, socketType: 'SSL' }) +
    server('outgoingServer', 'smtp', { hostname: 'smtp.example.org', port: 465, socketType: 'SSL' }),
);
const padded = goodConfig.replace('<domain>', `<!--${'x'.repeat(70_000)}--><domain>`);
// The servers the files name resolve to a public (documentation-free) address.
const publicHosts = { 'imap.example.org': ['93.184.215.14'], 'smtp.example.org': ['93.184.215.15'] };

// What the local web server answers, by the Host header the request carried.
type Route = { status?: number; type?: string; body?: string; location?: string; hang?: boolean; chunked?: boolean };
const routes = new Map<string, Route>();
let http: LocalHttpServer;
beforeAll(async () => {
  http = await startHttpServer((request, response) => {
    const route = routes.get(request.headers.host?.split(':')[0] ?? '');
    if (route?.hang) return; // never answers
    if (!route) return void response.writeHead(404).end();
    if (route.location) return void response.writeHead(302, { location: route.location }).end();
    if (route.chunked) {
      // No Content-Length: the size is only known while reading.
      response.writeHead(200, { 'content-type': 'text/xml' });
      const body = route.body ?? '';
      for (let at = 0; at < body.length; at += 8_000) response.write(body.slice(at, at + 8_000));
      return void response.end();
    }
    response.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'application/xml' }).end(route.body);
  });
});
afterAll(() => http.stop());

function options(a: DnsTable['a'], extra: Partial<DiscoveryOptions> = {}): DiscoveryOptions {
  return {
    dns: dnsTable({ a: { ...publicHosts, ...a } }),
    autoconfigOrigin: { scheme: 'http', port: http.port },
    allowedPrivateHosts: '127.0.0.1',
    stepTimeoutMs: 1_000,
    ...extra,
  };
}

describe('discovery step 2: the domain’s autoconfig file (a real local web server)', () => {
  it('reads autoconfig.<domain>/mail/config-v1.1.xml with the address in the query', async () => {
    routes.set('autoconfig.a.example', { body: goodConfig });
    const result = await discoverServers('ann@a.example', options({ 'autoconfig.a.example': ['127.0.0.1'] }));
    expect(result).toEqual({
      source: 'autoconfig',
      imap: { host: 'imap.example.org', port: 993, security: 'tls', login: 'ann@a.example' },
      smtp: { host: 'smtp.example.org', port: 465, security: 'tls', login: 'ann@a.example' },
    });
    expect(http.requests).toContain(
      `autoconfig.a.example:${http.port} /mail/config-v1.1.xml?emailaddress=ann%40a.example`,
    );
  });

  it('falls back to <domain>/.well-known/autoconfig/mail/config-v1.1.xml', async () => {
    routes.set('b.example', { body: goodConfig });
    const result = await discoverServers('ann@b.example', options({ 'b.example': ['127.0.0.1'] }));
    expect(result.source).toBe('autoconfig');
    expect(http.requests).toContain(`b.example:${http.port} /.well-known/autoconfig/mail/config-v1.1.xml`);
  });

  it('never reaches an internal web server through the allowlist of internal mail servers', async () => {
    routes.set('autoconfig.d.example', { body: goodConfig });
    const before = http.requests.length;
    const saved = process.env.MAILROOM_ALLOWED_PRIVATE_HOSTS;
    process.env.MAILROOM_ALLOWED_PRIVATE_HOSTS = '127.0.0.1';
    try {
      // No allowlist of its own: the operator's (made for IMAP/SMTP hosts) does not open the web fetch.
      const result = await discoverServers(
        'ann@d.example',
        options({ 'autoconfig.d.example': ['127.0.0.1'] }, { allowedPrivateHosts: undefined }),
      );
      expect(result.source).not.toBe('autoconfig');
    } finally {
      process.env.MAILROOM_ALLOWED_PRIVATE_HOSTS = saved;
    }
    expect(http.requests.length).toBe(before);
  });

  it('refuses an autoconfig host that resolves to an internal address the operator did not allow', async () => {
    routes.set('autoconfig.c.example', { body: goodConfig });
    const before = http.requests.length;
    for (const internal of ['127.0.0.1', '10.1.2.3']) {
      const result = await discoverServers(
        'ann@c.example',
        options({ 'autoconfig.c.example': [internal] }, { allowedPrivateHosts: '' }),
      );
      expect(result).toEqual({ source: 'none' });
    }
    expect(http.requests.length).toBe(before);
  });

  it('does not follow a redirect to an internal address', async () => {
    routes.set('autoconfig.d.example', { location: `http://inside.d.example:${http.port}/config.xml` });
    routes.set('inside.d.example', { body: goodConfig });
    const result = await discoverServers(
      'ann@d.example',
      options({ 'autoconfig.d.example': ['127.0.0.1'], 'inside.d.example': ['10.0.0.7'] }),
    );
    expect(result.source).toBe('none');
    // A redirect to an allowed address is followed, and its file read.
    routes.set('autoconfig.e.example', { location: `http://ok.e.example:${http.port}/config.xml` });
    routes.set('ok.e.example', { body: goodConfig });
    const followed = await discoverServers(
      'ann@e.example',
      options({ 'autoconfig.e.example': ['127.0.0.1'], 'ok.e.example': ['127.0.0.1'] }),
    );
    expect(followed.source).toBe('autoconfig');
  });

  it('does not offer servers the file names on internal addresses', async () => {
    routes.set('autoconfig.f.example', {
      body: clientConfig(server('incomingServer', 'imap', { hostname: 'db.f.example', port: 993, socketType: 'SSL' })),
    });
    const result = await discoverServers(
      'ann@f.example',
      options({ 'autoconfig.f.example': ['127.0.0.1'], 'db.f.example': ['192.168.1.10'] }),
    );
    expect(result.source).toBe('none');
  });

  it.each([
    ['larger than 64 KB, streamed without a length', { body: padded, chunked: true }],
    ['larger than 64 KB', { body: padded }],
    ['malformed XML', { body: goodConfig.slice(0, -20) }],
    ['not XML (text/html)', { body: goodConfig, type: 'text/html' }],
    ['an error status', { body: goodConfig, status: 500 }],
    ['a file without an IMAP server', { body: clientConfig('') }],
  ])('ignores a file that is %s', async (_name, route) => {
    const domain = `g${Math.random().toString(36).slice(2, 8)}.example`;
    routes.set(`autoconfig.${domain}`, route);
    const result = await discoverServers(`ann@${domain}`, options({ [`autoconfig.${domain}`]: ['127.0.0.1'] }));
    expect(result.source).toBe('none');
  });

  it('gives up on a server that never answers within the step’s timeout', async () => {
    routes.set('autoconfig.h.example', { hang: true });
    const started = Date.now();
    const result = await discoverServers(
      'ann@h.example',
      options({ 'autoconfig.h.example': ['127.0.0.1'] }, { stepTimeoutMs: 300 }),
    );
    expect(result.source).toBe('none');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reads %EMAILLOCALPART% logins from the file', async () => {
    routes.set('autoconfig.i.example', {
      body: clientConfig(
        server('incomingServer', 'imap', {
          hostname: 'imap.example.org',
          port: 993,
          socketType: 'SSL',
          username: '%EMAILLOCALPART%',
        }),
      ),
    });
    const result = await discoverServers(
      EMAIL.replace('example.org', 'i.example'),
      options({ 'autoconfig.i.example': ['127.0.0.1'] }),
    );
    expect(result).toEqual({
      source: 'autoconfig',
      imap: { host: 'imap.example.org', port: 993, security: 'tls', login: 'ann' },
    });
  });
});
