import { describe, expect, it } from 'vitest';
import { parseTrustProxyHops, resolveClientAddress, trustedForwardingHeaders } from './client-address';
import { normalizeIpAddress } from './ip-address';

const socket = '198.51.100.20';

describe('the client address with no proxy trusted', () => {
  it.each([
    ['a spoofed address', '203.0.113.7'],
    ['a spoofed chain', '203.0.113.7, 10.0.0.1'],
    ['loopback, to look local', '127.0.0.1'],
    ['garbage', 'not-an-address'],
    ['an empty value', ''],
    ['repeated headers', ['203.0.113.7', '203.0.113.8']],
  ])('is the socket, whatever X-Forwarded-For says: %s', (_name, forwardedFor) => {
    expect(resolveClientAddress({ socketAddress: socket, forwardedFor, trustedHops: 0 })).toBe(socket);
  });

  it('is the socket when the header is missing, and IPv4-mapped sockets read as IPv4', () => {
    expect(resolveClientAddress({ socketAddress: socket, forwardedFor: undefined, trustedHops: 0 })).toBe(socket);
    expect(
      resolveClientAddress({ socketAddress: '::ffff:198.51.100.20', forwardedFor: undefined, trustedHops: 0 }),
    ).toBe(socket);
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: '203.0.113.7', trustedHops: 0 })).toBeNull();
  });
});

describe('the client address behind trusted proxies', () => {
  it('takes the entry the nearest proxy appended with one hop, not what the client put first', () => {
    // nginx's `proxy_add_x_forwarded_for` keeps the client's own header and appends the address it saw.
    expect(
      resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '1.1.1.1, 203.0.113.7', trustedHops: 1 }),
    ).toBe('203.0.113.7');
    expect(resolveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '203.0.113.7', trustedHops: 1 })).toBe(
      '203.0.113.7',
    );
  });

  it('takes the second entry from the right with two hops', () => {
    expect(
      resolveClientAddress({
        socketAddress: '10.0.0.3',
        forwardedFor: '1.1.1.1, 203.0.113.7, 10.0.0.2',
        trustedHops: 2,
      }),
    ).toBe('203.0.113.7');
    expect(
      resolveClientAddress({
        socketAddress: '10.0.0.3',
        forwardedFor: ['1.1.1.1, 203.0.113.7', '10.0.0.2'],
        trustedHops: 2,
      }),
    ).toBe('203.0.113.7');
  });

  it('takes the leftmost entry when there are fewer than the hops, and the socket with no header', () => {
    expect(resolveClientAddress({ socketAddress: '10.0.0.3', forwardedFor: '203.0.113.7', trustedHops: 2 })).toBe(
      '203.0.113.7',
    );
    expect(resolveClientAddress({ socketAddress: '10.0.0.3', forwardedFor: undefined, trustedHops: 2 })).toBe(
      '10.0.0.3',
    );
  });

  it('stops at the last address a trusted proxy vouched for when an entry is garbage', () => {
    expect(
      resolveClientAddress({ socketAddress: '10.0.0.3', forwardedFor: '203.0.113.7, unknown', trustedHops: 2 }),
    ).toBe('10.0.0.3');
    expect(resolveClientAddress({ socketAddress: '10.0.0.3', forwardedFor: '203.0.113.7, ', trustedHops: 1 })).toBe(
      '10.0.0.3',
    );
    expect(resolveClientAddress({ socketAddress: '10.0.0.3', forwardedFor: 'unknown, 10.0.0.2', trustedHops: 2 })).toBe(
      '10.0.0.2',
    );
  });

  it('normalises the entry it takes', () => {
    expect(resolveClientAddress({ socketAddress: '::1', forwardedFor: '[2001:DB8::0001]:4711', trustedHops: 1 })).toBe(
      '2001:db8::1',
    );
    expect(resolveClientAddress({ socketAddress: '::1', forwardedFor: '203.0.113.7:4711', trustedHops: 1 })).toBe(
      '203.0.113.7',
    );
    expect(resolveClientAddress({ socketAddress: '::1', forwardedFor: '::ffff:203.0.113.7', trustedHops: 1 })).toBe(
      '203.0.113.7',
    );
  });
});

describe('the forwarding headers the app gets', () => {
  const spoofed = {
    'x-forwarded-for': '1.1.1.1',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'evil.test',
    'x-forwarded-port': '443',
    'x-real-ip': '1.1.1.1',
    forwarded: 'for=1.1.1.1;proto=https',
  };

  it('are only the socket address when no proxy is trusted', () => {
    expect(trustedForwardingHeaders(spoofed, { socketAddress: socket, trustedHops: 0 })).toEqual({
      'x-forwarded-for': socket,
    });
  });

  it("keep the proxy's scheme, host and port behind a trusted proxy", () => {
    const headers = {
      'x-forwarded-for': '1.1.1.1, 203.0.113.7',
      'x-forwarded-proto': 'HTTPS',
      'x-forwarded-host': 'mail.example.com',
      'x-forwarded-port': '443',
    };
    expect(trustedForwardingHeaders(headers, { socketAddress: '10.0.0.2', trustedHops: 1 })).toEqual({
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'mail.example.com',
      'x-forwarded-port': '443',
    });
  });

  it('take appended values at the position of the client-facing proxy', () => {
    const headers = {
      'x-forwarded-for': '203.0.113.7, 10.0.0.2',
      'x-forwarded-proto': 'http, https, http',
      'x-forwarded-host': 'evil.test, mail.example.com, internal:8080',
    };
    expect(trustedForwardingHeaders(headers, { socketAddress: '10.0.0.3', trustedHops: 2 })).toMatchObject({
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'mail.example.com',
    });
  });

  it.each([
    ['a scheme that is not http(s)', { 'x-forwarded-proto': 'javascript' }],
    ['a host with a path', { 'x-forwarded-host': 'evil.test/x' }],
    ['a host with credentials', { 'x-forwarded-host': 'user@evil.test' }],
    ['a host with spaces', { 'x-forwarded-host': 'a b' }],
    ['a port out of range', { 'x-forwarded-port': '70000' }],
    ['a port that is no number', { 'x-forwarded-port': 'http' }],
  ])('drop %s', (_name, headers) => {
    expect(
      trustedForwardingHeaders(
        { 'x-forwarded-for': '203.0.113.7', ...headers },
        { socketAddress: '10.0.0.2', trustedHops: 1 },
      ),
    ).toEqual({ 'x-forwarded-for': '203.0.113.7' });
  });

  it('are null when the socket has no address', () => {
    expect(trustedForwardingHeaders(spoofed, { socketAddress: undefined, trustedHops: 1 })).toBeNull();
  });
});

describe('TRUST_PROXY_HOPS', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['0', 0],
    ['1', 1],
    [' 2 ', 2],
    ['10', 10],
    ['11', null],
    ['-1', null],
    ['true', null],
    ['1.5', null],
  ])('%j is %j', (value, hops) => {
    expect(parseTrustProxyHops(value)).toBe(hops);
  });
});

describe('IP addresses from sockets and headers', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:CB00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:cb00:7107', '203.0.113.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['[::1]', '::1'],
    ['[::1]:8080', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['203.0.113.7:5000', '203.0.113.7'],
  ])('%j is %j', (value, expected) => {
    expect(normalizeIpAddress(value)).toBe(expected);
  });

  it.each([
    '',
    'unknown',
    '_hidden',
    'example.com',
    '203.0.113',
    '2130706433',
    '203.0.113.7, 10.0.0.1',
    '203.000.113.7',
    '[::1',
    '1.2.3.4:x',
    '::1:8080:',
  ])('%j is not an address', (value) => {
    expect(normalizeIpAddress(value)).toBeNull();
  });
});
