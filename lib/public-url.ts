/**
 * The address people use to reach Mailroom, as the operator configured it (AUTH_URL, or MAILROOM_PUBLIC_URL).
 * Cookies' Secure flag, HSTS, links in mails and the Origin check follow it, never what a client's headers
 * claim. Null when unset: then the request's own Host (and, behind trusted proxies only, their scheme) count.
 */
export function publicUrl(): URL | null {
  const value = process.env.MAILROOM_PUBLIC_URL || process.env.AUTH_URL;
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** True when the configured public address is https: cookies are Secure and HSTS is sent. */
export function publicUrlIsHttps(): boolean {
  return publicUrl()?.protocol === 'https:';
}
