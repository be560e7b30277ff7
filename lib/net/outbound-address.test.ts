import { describe, expect, it, vi } from 'vitest';
import { resolveOutboundHost, type HostResolver } from './outbound-address';
import { embeddedIpv4, isInternalAddress } from './outbound-ranges';

// No allowlist: what a production server without MAILROOM_ALLOWED_PRIVATE_HOSTS does.
const strict = { allowedPrivateHosts: '' };
const answers =
  (...addresses: string[]): HostResolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('refusing internal hosts (the system resolver, no allowlist)', () => {
  it.each([
    // Loopback in every spelling getaddrinfo accepts, and a name that resolves to it.
    '127.0.0.1',
    '127.1',
    '127.0.1',
    '2130706433',
    '0x7f000001',
    '0x7f.1',
    '0177.0.0.1',
    '017700000001',
    '127.000.000.001',
    '127.255.255.254',
    'localhost',
    'LOCALHOST',
    '[::1]',
    '::1',
    '0:0:0:0:0:0:0:1',
    // Unspecified ("0" is 0.0.0.0, which reaches this machine on Linux).
    '0',
    '0.0.0.0',
    '::',
    '[::]',
    // IPv4-mapped, -translated, -compatible, NAT64 and 6to4 forms of loopback and private addresses.
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:7f00:1]',
    '::ffff:0:127.0.0.1',
    '::127.0.0.1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::1',
    '2002:c0a8:101::1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '::ffff:192.168.0.1',
    // Private, link-local (cloud metadata), CGNAT, multicast, broadcast, reserved, documentation.
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '240.0.0.1',
    '192.0.2.10',
    '198.51.100.7',
    '203.0.113.9',
    '198.18.0.1',
    '192.0.0.8',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'febf::1',
    'fec0::1',
    'ff02::1',
    'ff05::1:3',
    '2001:db8::1',
    '100::1',
    '64:ff9b:1::1',
    '2001:0:4136:e378::1',
  ])('refuses %s', async (host) => {
    await expect(resolveOutboundHost(host, strict)).rejects.toMatchObject({
      code: 'validation',
      status: 400,
      userMessage: `${host} is not allowed: it is an internal address.`,
    });
  });

  it('accepts public addresses, in every family and embedded form', async () => {
    for (const host of [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '::ffff:8.8.8.8',
      '2606:4700:4700::1111',
      '2002:808:808::1',
      '64:ff9b::808:808',
    ]) {
      await expect(resolveOutboundHost(host, strict), host).resolves.toMatchObject({
        address: host,
        operatorAllowed: false,
      });
    }
  });

  it('reads the embedded IPv4 address of the IPv6 forms that lead to one', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('::ffff:0:a00:1')).toBe('10.0.0.1');
    expect(embeddedIpv4('64:ff9b::c0a8:1')).toBe('192.168.0.1');
    expect(embeddedIpv4('2002:a9fe:a9fe::')).toBe('169.254.169.254');
    expect(embeddedIpv4('2606:4700::1')).toBeNull();
    expect(isInternalAddress('not an address')).toBe(true);
  });
});

describe('names that resolve to several addresses (a stub resolver)', () => {
  it('refuses a name when any of its addresses is internal, whichever comes first', async () => {
    for (const order of [
      ['93.184.215.14', '10.0.0.5'],
      ['fd00::5', '93.184.215.14'],
    ]) {
      await expect(
        resolveOutboundHost('mail.example.com', { ...strict, resolve: answers(...order) }),
      ).rejects.toMatchObject({
        code: 'validation',
        userMessage: 'mail.example.com is not allowed: it is an internal address.',
      });
    }
  });

  it('returns the checked address (IPv4 first) and keeps the name for TLS; an IP literal has no TLS name', async () => {
    const resolve = vi.fn(answers('2606:4700:4700::1111', '93.184.215.14'));
    await expect(resolveOutboundHost('Mail.Example.com', { ...strict, resolve })).resolves.toEqual({
      host: 'mail.example.com',
      address: '93.184.215.14',
      family: 4,
      servername: 'mail.example.com',
      operatorAllowed: false,
    });
    expect(resolve).toHaveBeenCalledWith('mail.example.com');
    expect(await resolveOutboundHost('93.184.215.14', strict)).not.toHaveProperty('servername');
    await expect(
      resolveOutboundHost('v6.example.com', { ...strict, resolve: answers('2606:4700:4700::1111') }),
    ).resolves.toMatchObject({ address: '2606:4700:4700::1111', family: 6 });
  });

  it('reports a name without addresses, or a resolver that does not answer, as a lookup failure', async () => {
    await expect(resolveOutboundHost('nowhere.example', { ...strict, resolve: answers() })).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    const silent: HostResolver = () => new Promise(() => {});
    await expect(
      resolveOutboundHost('slow.example', { ...strict, resolve: silent, timeoutMs: 50 }),
    ).rejects.toMatchObject({ code: 'EAI_AGAIN' });
  });
});

describe('the operator allowlist (MAILROOM_ALLOWED_PRIVATE_HOSTS)', () => {
  it('allows a listed name whatever it resolves to', async () => {
    const options = { allowedPrivateHosts: 'mail.internal, other.internal', resolve: answers('10.1.2.3', 'fd00::3') };
    await expect(resolveOutboundHost('MAIL.internal', options)).resolves.toMatchObject({
      address: '10.1.2.3',
      operatorAllowed: true,
    });
    await expect(resolveOutboundHost('third.internal', options)).rejects.toMatchObject({ code: 'validation' });
  });

  it('allows an address or a range only when every resolved address is in it', async () => {
    await expect(resolveOutboundHost('127.0.0.1', { allowedPrivateHosts: '127.0.0.1' })).resolves.toMatchObject({
      address: '127.0.0.1',
      operatorAllowed: true,
    });
    await expect(resolveOutboundHost('127.1', { allowedPrivateHosts: '127.0.0.1' })).resolves.toMatchObject({
      address: '127.0.0.1',
      operatorAllowed: true,
    });
    await expect(resolveOutboundHost('127.0.0.2', { allowedPrivateHosts: '127.0.0.1' })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(resolveOutboundHost('::1', { allowedPrivateHosts: '127.0.0.1' })).rejects.toMatchObject({
      code: 'validation',
    });

    const range = { allowedPrivateHosts: '10.0.0.0/8, fd00::/8' };
    await expect(
      resolveOutboundHost('mx.corp', { ...range, resolve: answers('10.9.8.7', 'fd00::7') }),
    ).resolves.toMatchObject({ address: '10.9.8.7', operatorAllowed: true });
    await expect(
      resolveOutboundHost('mx.corp', { ...range, resolve: answers('10.9.8.7', '192.168.0.7') }),
    ).rejects.toMatchObject({ code: 'validation' });
    // A public address is allowed anyway, but is not "allowed by the operator" (no plaintext to it).
    await expect(
      resolveOutboundHost('mx.corp', { ...range, resolve: answers('10.9.8.7', '93.184.215.14') }),
    ).resolves.toMatchObject({ operatorAllowed: false });
  });

  it('refuses a malformed range instead of silently allowing nothing', async () => {
    await expect(resolveOutboundHost('8.8.8.8', { allowedPrivateHosts: '10.0.0.0/33' })).rejects.toMatchObject({
      code: 'config',
    });
  });
});
