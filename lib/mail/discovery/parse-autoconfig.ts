import { SaxesParser } from 'saxes';
import type { TransportSecurity } from '../settings';
import type { DiscoveredServer } from './discovery-types';

type RawServer = { kind: 'incomingServer' | 'outgoingServer'; type: string; fields: Record<string, string> };
type Address = { email: string; localPart: string; domain: string };

const FIELDS = new Set(['hostname', 'port', 'socketType', 'username']);
const SECURITY: Record<string, TransportSecurity> = { SSL: 'tls', STARTTLS: 'starttls', plain: 'none' };
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * The servers of a Thunderbird clientConfig file (config-v1.1.xml), read with a streaming, non-validating XML
 * parser. A document type is refused outright: the format has none, and internal entities are how a small file
 * grows into gigabytes. Only the five predefined entities and character references are read; anything else
 * malformed throws.
 */
function readServers(xml: string): RawServer[] {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const servers: RawServer[] = [];
  const path: string[] = [];
  let server: RawServer | null = null;
  let field: string | null = null;
  parser.on('doctype', () => {
    throw new Error('A document type is not allowed in an autoconfig file');
  });
  parser.on('opentag', (tag) => {
    const parent = path.join('/');
    path.push(tag.name);
    if (parent === 'clientConfig/emailProvider' && (tag.name === 'incomingServer' || tag.name === 'outgoingServer'))
      server = { kind: tag.name, type: tag.attributes.type ?? '', fields: {} };
    else if (server && path.length === 4 && FIELDS.has(tag.name)) field = tag.name;
  });
  parser.on('text', (text) => {
    if (server && field) server.fields[field] = (server.fields[field] ?? '') + text;
  });
  parser.on('closetag', (tag) => {
    path.pop();
    if (tag.name === field) field = null;
    else if (server && path.length === 2) {
      servers.push(server);
      server = null;
    }
  });
  parser.write(xml).close();
  return servers;
}

// %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% stand for the address being set up (in names and hosts).
function substitute(value: string, address: Address): string {
  return value
    .replaceAll('%EMAILADDRESS%', address.email)
    .replaceAll('%EMAILLOCALPART%', address.localPart)
    .replaceAll('%EMAILDOMAIN%', address.domain);
}

function toServer(raw: RawServer, address: Address): DiscoveredServer | null {
  const host = substitute(raw.fields.hostname?.trim() ?? '', address).toLowerCase();
  const port = Number(raw.fields.port?.trim());
  const security = SECURITY[raw.fields.socketType?.trim() ?? ''];
  if (!HOST.test(host) || host.length > 253 || !Number.isInteger(port) || port < 1 || port > 65535 || !security)
    return null;
  const login = substitute(raw.fields.username?.trim() || '%EMAILADDRESS%', address);
  return { host, port, security, login };
}

/** The file's order is its preference; an encrypted server still comes before a plain one. */
function pick(servers: DiscoveredServer[]): DiscoveredServer | undefined {
  return servers.find((s) => s.security !== 'none') ?? servers[0];
}

/** The IMAP and SMTP servers the file offers for `address`; throws on a file that is not well-formed XML. */
export function parseAutoconfig(xml: string, address: Address): { imap?: DiscoveredServer; smtp?: DiscoveredServer } {
  const servers = readServers(xml);
  const of = (kind: RawServer['kind'], type: string) =>
    servers
      .filter((s) => s.kind === kind && s.type === type)
      .map((s) => toServer(s, address))
      .filter((s): s is DiscoveredServer => s !== null);
  const imap = pick(of('incomingServer', 'imap'));
  const smtp = pick(of('outgoingServer', 'smtp'));
  return { ...(imap ? { imap } : {}), ...(smtp ? { smtp } : {}) };
}
