/**
 * Walks oidc-provider's development login and consent pages over plain HTTP, as a browser would: follows the
 * redirects within the provider, keeps its cookies, signs in with any password and agrees (or cancels).
 */
export async function completeConsent(input: {
  issuer: string;
  authorizationUrl: string;
  login: string;
  deny: boolean;
}): Promise<string> {
  const jar = new CookieJar();
  let request: { url: string; form?: URLSearchParams } = { url: input.authorizationUrl };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(request.url, {
      method: request.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(request.url),
        accept: 'text/html',
        ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: request.form?.toString(),
    });
    jar.store(request.url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url).toString();
      // Leaving the provider: this is the client's redirect URI with the code (or the error).
      if (!next.startsWith(`${input.issuer}/`)) return next;
      request = { url: next };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`Consent flow: ${request.url} answered ${response.status}: ${html}`);
    request = nextInteraction(html, request.url, input);
  }
  throw new Error('Consent flow: too many steps');
}

function nextInteraction(
  html: string,
  pageUrl: string,
  input: { login: string; deny: boolean },
): { url: string; form?: URLSearchParams } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
  if (!action || !prompt) throw new Error(`Consent flow: no interaction form at ${pageUrl}: ${html.slice(0, 500)}`);
  const url = new URL(decodeEntities(action), pageUrl).toString();
  if (prompt === 'login') {
    return { url, form: new URLSearchParams({ prompt, login: input.login, password: 'any password' }) };
  }
  if (prompt !== 'consent') throw new Error(`Consent flow: unexpected prompt ${prompt} at ${pageUrl}`);
  if (!input.deny) return { url, form: new URLSearchParams({ prompt }) };
  // The page's "[ Cancel ]" link ends the interaction with access_denied.
  const abort = /<a href="([^"]+\/abort)"/.exec(html)?.[1];
  if (!abort) throw new Error(`Consent flow: no cancel link at ${pageUrl}`);
  return { url: new URL(decodeEntities(abort), pageUrl).toString() };
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&#x2F;|&#47;/g, '/');
}

/** Just enough of RFC 6265 for one origin: cookies by name and path, deleted when expired. */
class CookieJar {
  private cookies = new Map<string, { name: string; value: string; path: string }>();

  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter((cookie) => pathname === cookie.path || pathname.startsWith(cookie.path.replace(/\/?$/, '/')))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  store(url: string, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? new URL(url).pathname.replace(/\/[^/]*$/, '') ?? '/';
      const expires = attribute('expires');
      const expired = attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      const key = `${name};${path}`;
      if (expired || value === '') this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path: path || '/' });
    }
  }
}
