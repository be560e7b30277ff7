import { isIP } from 'node:net';

/**
 * An address as a socket or a forwarding header gives it, in one canonical spelling: IPv6 compressed and
 * lower-case, an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a dual-stack socket reports for an
 * IPv4 client) as plain IPv4, brackets and a port (`[2001:db8::1]:443`, `203.0.113.7:5000`, which some
 * proxies write) removed. Null for anything that is not an IP address: a name, `unknown`, an obfuscated
 * `_hidden` token, two addresses in one string.
 */
export function normalizeIpAddress(value: string): string | null {
  const address = stripPort(value.trim());
  if (address === null) return null;
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return null;
  // A zone (`fe80::1%eth0`) names an interface of the sender's machine: it identifies nobody here.
  const [withoutZone] = address.split('%');
  let canonical: string;
  try {
    canonical = new URL(`http://[${withoutZone}]`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const high = parseInt(mapped[1]!, 16);
    const low = parseInt(mapped[2]!, 16);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return canonical;
}

function stripPort(value: string): string | null {
  if (value.startsWith('[')) {
    const match = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
    return match ? match[1]! : null;
  }
  // One colon: IPv4 (or a name) with a port. More than one: a bare IPv6 address, left as it is.
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
  return ipv4WithPort ? ipv4WithPort[1]! : value;
}
