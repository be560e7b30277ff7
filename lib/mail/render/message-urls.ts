/** Where a URL is written: an attribute value, or the raw text of a `<style>` sheet. */
export type UrlPlace = 'attribute' | 'style-sheet';

/** What one message render may load, and what it saw: the remote references it kept or blocked. */
export type ResourceContext = {
  cidUrl: (contentId: string, place: UrlPlace) => string | null;
  allowRemoteImages: boolean;
  blocked: number;
  remote: boolean;
  /** Where the URL being checked goes. */
  place: UrlPlace;
};

// Raster images only: an SVG, even as an image, is a document format we would rather not parse for strangers.
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/i;
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/**
 * The URL an image-like reference (img src, background, CSS url()) may keep, or null to drop it: a `cid:`
 * becomes our attachment URL, a base64 raster `data:` image stays, a remote http(s) URL stays only when remote
 * images are allowed (and is counted as blocked otherwise). Relative URLs are dropped: in the message frame
 * they would point at our own origin.
 */
export function resourceUrl(raw: string, context: ResourceContext): string | null {
  const value = raw.replace(/[\t\n\r]/g, '').trim();
  if (/^cid:/i.test(value)) return context.cidUrl(decodeCid(value.slice(4)), context.place);
  if (/^data:/i.test(value)) return DATA_IMAGE.test(value) ? value.replace(/\s/g, '') : null;
  if (!/^(?:https?:)?\/\//i.test(value)) return null;
  const url = parse(value, 'https://invalid.invalid/');
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  context.remote = true;
  if (context.allowRemoteImages) return url.href;
  context.blocked += 1;
  return null;
}

/**
 * A link target we let people follow: absolute http(s), mailto or tel, normalised the way a browser would
 * (IDN hosts in punycode, control and bidi characters percent-encoded), so what is shown is what is opened.
 */
export function linkUrl(raw: string): string | null {
  const url = parse(raw.trim(), undefined);
  return url !== null && LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

function parse(value: string, base: string | undefined): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

function decodeCid(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}
