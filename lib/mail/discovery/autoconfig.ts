import { outboundHttpGet } from '../../net/outbound-http-get';
import type { DiscoveryResult, StepContext } from './discovery-types';
import { parseAutoconfig } from './parse-autoconfig';
import { publicServer } from './public-server';

/** A clientConfig file is a few kilobytes; anything much larger is not one. */
export const AUTOCONFIG_MAX_BYTES = 64 * 1024;

const XML_TYPES = new Set(['application/xml', 'text/xml']);
const isXml = (type: string) => XML_TYPES.has(type) || /^application\/[a-z0-9.+-]+\+xml$/.test(type);

/** Where a domain publishes its own autoconfig file, in the order Thunderbird asks. */
export function autoconfigUrls(context: Pick<StepContext, 'email' | 'domain' | 'options'>): URL[] {
  const origin = context.options.autoconfigOrigin ?? { scheme: 'https' };
  const base = (host: string) => new URL(`${origin.scheme}://${host}${origin.port ? `:${origin.port}` : ''}`);
  const subdomain = new URL('/mail/config-v1.1.xml', base(`autoconfig.${context.domain}`));
  subdomain.searchParams.set('emailaddress', context.email);
  return [subdomain, new URL('/.well-known/autoconfig/mail/config-v1.1.xml', base(context.domain))];
}

async function fetchConfig(url: URL, context: StepContext): Promise<DiscoveryResult | null> {
  const response = await outboundHttpGet(url, {
    resolve: context.dns.lookup,
    // The operator's allowlist names internal mail servers, not web servers: a public domain's autoconfig
    // (or its redirect) never reaches an internal web service through it.
    allowedPrivateHosts: context.options.allowedPrivateHosts ?? '',
    timeoutMs: context.options.stepTimeoutMs,
    get: context.options.httpGet,
    maxBytes: AUTOCONFIG_MAX_BYTES,
    signal: context.signal,
  });
  if (response.status !== 200 || !isXml(response.contentType)) return null;
  const { imap, smtp } = parseAutoconfig(response.body.toString('utf8'), context);
  // The hosts the file names pass the same policy: a public file must not steer the form to an internal host.
  if (!imap || !(await publicServer(imap.host, context))) return null;
  const smtpOk = smtp !== undefined && (await publicServer(smtp.host, context));
  return { source: 'autoconfig', imap, ...(smtpOk ? { smtp } : {}) };
}

/**
 * Step 2: the domain's own autoconfig file. Both places are asked at once; the subdomain's answer is preferred
 * when both have one. A fetch that fails, times out, is refused by the outbound-address policy, is no XML, or
 * names no usable IMAP server counts as no answer.
 */
export async function discoverByAutoconfig(context: StepContext): Promise<DiscoveryResult | null> {
  const answers = autoconfigUrls(context).map((url) => fetchConfig(url, context).catch(() => null));
  for (const answer of answers) {
    const result = await answer;
    if (result) return result;
  }
  return null;
}
