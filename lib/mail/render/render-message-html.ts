import type { Config, DOMPurify } from 'dompurify';
import { boundHtml } from './bound-html';
import { createPurifier } from './dom-window';
import { linkUrl, resourceUrl, type ResourceContext, type UrlPlace } from './message-urls';
import { plainTextMessage, TRUNCATED_NOTE } from './plain-text-fallback';
import { sanitizeDeclarations, sanitizeStylesheet, type CssUrlPolicy } from './sanitize-css';

export type RenderOptions = {
  /**
   * Our URL for an inline part by its Content-ID (percent-decoded, no angle brackets); null when unknown.
   * `place` says where it is written: an attribute value (serialised with `&` escaped) or a `<style>` sheet.
   */
  cidUrl: (contentId: string, place: UrlPlace) => string | null;
  allowRemoteImages: boolean;
  /** Shown, as text, instead of HTML too complex to sanitize; without it, the text of the HTML is. */
  textBody?: string | null;
};

export type RenderedHtml = {
  html: string;
  /** Remote image references removed because remote images are not allowed. */
  blockedImages: number;
  /** The message references remote images, whether they were kept or blocked. */
  hasRemoteContent: boolean;
  /** The HTML was longer than we render; the end is cut off and a note says so. */
  truncated: boolean;
  /** The HTML had more tags or deeper nesting than we sanitize: the message is shown as text, with a notice. */
  asText: boolean;
};

// What newsletters and people's mail use for layout and text. No forms, frames, media, SVG or MathML: they
// add ways to load, submit or script things and nothing a message needs.
const TAGS = new Set(
  (
    'a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup ' +
    'dd del dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark ' +
    'nav ol p pre q s samp section small span strike strong style sub sup table tbody td tfoot th thead time tr tt ' +
    'u ul var wbr'
  ).split(' '),
);
const ATTRIBUTES = (
  'abbr align alt background bgcolor border cellpadding cellspacing class color colspan datetime ' +
  'dir face frame height href hspace id lang nowrap reversed role rowspan rules scope size span src start style ' +
  'summary title type valign value vspace width'
).split(' ');
// Prefixed ids cannot clobber anything in the frame's document (there is no script to fool, but the prefix
// costs nothing) and stay stable when rendered twice; <style> gets the same prefix on its #id selectors.
const ID_PREFIX = 'msg-';

const CONFIG: Config = {
  ALLOWED_TAGS: [...TAGS],
  ALLOWED_ATTR: ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|tel):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  // Keeps a leading <style> in the body instead of letting the parser move it to a head we do not return.
  FORCE_BODY: true,
  KEEP_CONTENT: true,
  RETURN_TRUSTED_TYPE: false,
};

// The hooks belong to the purifier, so the options of the render under way are passed through here; a
// render is synchronous, so only one is ever under way.
let current: ResourceContext | null = null;
let purifier: DOMPurify | null = null;

/** Sanitises one message's HTML for the message frame, doing our own URL and CSS rewriting as it goes. */
export function renderMessageHtml(html: string, options: RenderOptions): RenderedHtml {
  const bounded = boundHtml(html, { allowedTags: TAGS });
  if (bounded.tooComplex) {
    // Escaped text needs no sanitiser; not even its remote images are counted (there are none to show).
    const text = plainTextMessage({ html, textBody: options.textBody });
    return { html: text.html, blockedImages: 0, hasRemoteContent: false, truncated: text.truncated, asText: true };
  }
  const context: ResourceContext = { ...options, blocked: 0, remote: false, place: 'attribute' };
  current = context;
  try {
    const clean = messagePurifier().sanitize(bounded.html, CONFIG);
    return {
      html: bounded.truncated ? clean + TRUNCATED_NOTE : clean,
      blockedImages: context.blocked,
      hasRemoteContent: context.remote,
      truncated: bounded.truncated,
      asText: false,
    };
  } finally {
    current = null;
  }
}

function messagePurifier(): DOMPurify {
  if (purifier) return purifier;
  const instance = createPurifier();
  const cssPolicy: CssUrlPolicy = (url) => (current ? resourceUrl(url, current) : null);

  instance.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName !== 'style' || !current) return;
    // A sheet is raw text in the document: what a cid: URL becomes is written there without HTML escaping.
    current.place = 'style-sheet';
    try {
      const css = sanitizeStylesheet(node.textContent ?? '', cssPolicy, ID_PREFIX);
      if (css) node.textContent = css;
      else node.parentNode?.removeChild(node);
    } finally {
      current.place = 'attribute';
    }
  });

  instance.addHook('uponSanitizeAttribute', (node, data) => {
    const value = rewriteAttribute(node.nodeName.toLowerCase(), data.attrName, data.attrValue, cssPolicy);
    if (value === null) data.keepAttr = false;
    else data.attrValue = value;
  });

  instance.addHook('afterSanitizeAttributes', (node) => {
    const href = node.nodeName === 'A' ? node.getAttribute('href') : null;
    if (href === null) return;
    // A new tab that cannot reach back into the webmail (reverse tabnabbing) nor tell where it came from;
    // the title shows the real target, whatever the link text claims.
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('title', href);
  });

  purifier = instance;
  return instance;
}

/** The value an attribute keeps after our rewriting, or null to drop it. DOMPurify's checks still follow. */
function rewriteAttribute(tag: string, name: string, value: string, cssPolicy: CssUrlPolicy): string | null {
  const context = current;
  if (!context) return null;
  switch (name) {
    case 'style':
      return sanitizeDeclarations(value, cssPolicy) || null;
    case 'src':
      return tag === 'img' ? resourceUrl(value, context) : null;
    case 'background':
      return resourceUrl(value, context);
    case 'srcset':
      // Never kept (src is enough, and one URL is easier to check than a list), but it tells the reader
      // that the message has remote images.
      if (/(?:https?:)?\/\//i.test(value)) context.remote = true;
      return null;
    case 'href':
      return tag === 'a' ? linkUrl(value) : null;
    case 'title':
      // A link's title is ours (its real target, added below); a sender's could claim another one.
      return tag === 'a' ? null : value;
    case 'id':
      if (!value.trim()) return null;
      return value.startsWith(ID_PREFIX) ? value : ID_PREFIX + value;
    default:
      return value;
  }
}
