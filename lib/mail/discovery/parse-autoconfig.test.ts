import { describe, expect, it } from 'vitest';
import { parseAutoconfig } from './parse-autoconfig';
import { clientConfig, server } from './test-network';

const address = { email: 'Ann.Lee@example.org', localPart: 'Ann.Lee', domain: 'example.org' };

describe('reading a Thunderbird autoconfig file', () => {
  it('takes the IMAP and SMTP servers with their ports, security and login', () => {
    const xml = clientConfig(
      server('incomingServer', 'pop3', { hostname: 'pop.example.org', port: 995, socketType: 'SSL' }) +
        server('incomingServer', 'imap', { hostname: 'IMAP.example.org', port: 993, socketType: 'SSL' }) +
        server('outgoingServer', 'smtp', { hostname: 'smtp.example.org', port: 587, socketType: 'STARTTLS' }),
    );
    expect(parseAutoconfig(xml, address)).toEqual({
      imap: { host: 'imap.example.org', port: 993, security: 'tls', login: 'Ann.Lee@example.org' },
      smtp: { host: 'smtp.example.org', port: 587, security: 'starttls', login: 'Ann.Lee@example.org' },
    });
  });

  it('puts the address in for %EMAILLOCALPART%, %EMAILDOMAIN% and %EMAILADDRESS%', () => {
    const xml = clientConfig(
      server('incomingServer', 'imap', {
        hostname: 'mail.%EMAILDOMAIN%',
        port: 993,
        socketType: 'SSL',
        username: '%EMAILLOCALPART%',
      }) +
        server('outgoingServer', 'smtp', {
          hostname: 'smtp.example.org',
          port: 465,
          socketType: 'SSL',
          username: 'box-%EMAILLOCALPART%@%EMAILDOMAIN%',
        }),
    );
    const found = parseAutoconfig(xml, address);
    expect(found.imap).toMatchObject({ host: 'mail.example.org', login: 'Ann.Lee' });
    expect(found.smtp).toMatchObject({ login: 'box-Ann.Lee@example.org' });
  });

  it('prefers an encrypted server to a plain one listed first, and skips servers it cannot use', () => {
    const xml = clientConfig(
      server('incomingServer', 'imap', { hostname: 'plain.example.org', port: 143, socketType: 'plain' }) +
        server('incomingServer', 'imap', { hostname: 'bad host!', port: 993, socketType: 'SSL' }) +
        server('incomingServer', 'imap', { hostname: 'imap.example.org', port: 99999, socketType: 'SSL' }) +
        server('incomingServer', 'imap', { hostname: 'imap.example.org', port: 993, socketType: 'TLS-ish' }) +
        server('incomingServer', 'imap', { hostname: 'imap2.example.org', port: 143, socketType: 'STARTTLS' }),
    );
    expect(parseAutoconfig(xml, address)).toEqual({
      imap: { host: 'imap2.example.org', port: 143, security: 'starttls', login: 'Ann.Lee@example.org' },
    });
  });

  it('offers a plain server only when there is nothing else (connecting checks the operator allows it)', () => {
    const xml = clientConfig(
      server('incomingServer', 'imap', { hostname: 'plain.example.org', port: 143, socketType: 'plain' }),
    );
    expect(parseAutoconfig(xml, address).imap).toMatchObject({ host: 'plain.example.org', security: 'none' });
  });

  it('reads character references and the predefined entities, and servers only inside emailProvider', () => {
    const xml = `<clientConfig><incomingServer type="imap"><hostname>evil.example.org</hostname><port>993</port>
      <socketType>SSL</socketType></incomingServer><emailProvider id="x"><incomingServer type="imap">
      <hostname>im&#97;p.example.org</hostname><port>993</port><socketType>SSL</socketType>
      <username>a&amp;b</username></incomingServer></emailProvider></clientConfig>`;
    expect(parseAutoconfig(xml, address).imap).toEqual({
      host: 'imap.example.org',
      port: 993,
      security: 'tls',
      login: 'a&b',
    });
  });

  it('finds nothing in a file of another kind', () => {
    expect(parseAutoconfig('<html><body>Not here</body></html>', address)).toEqual({});
  });

  it.each([
    ['not XML at all', 'imap.example.org:993'],
    ['unclosed elements', '<clientConfig><emailProvider>'],
    ['an undefined entity', '<clientConfig>&xxe;</clientConfig>'],
    [
      'internal entities (billion laughs)',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><clientConfig>&lol2;</clientConfig>',
    ],
    [
      'an external entity',
      '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><clientConfig>&xxe;</clientConfig>',
    ],
    ['a document type without entities', '<!DOCTYPE clientConfig><clientConfig/>'],
  ])('refuses %s', (_name, xml) => {
    expect(() => parseAutoconfig(xml, address)).toThrow();
  });
});
