/**
 * A sanitized e-mail document for a sandboxed frame (the webmail's reading pane, a CRM activity). Its own CSP
 * is the second layer behind the sanitizer; it is never cached and never sent to another origin.
 *
 * `theme` is the reader's choice (users.theme). The frame is a document of its own that the app's CSS cannot
 * reach, so the theme is written into it here. HTML mail keeps its own colours on a white sheet in every
 * theme, since most of it assumes white (a dark page behind it would leave dark text on dark); in dark, only
 * the surround of that sheet is dark, so the frame sits in the dark page without a white slab around it.
 */
export function frameResponse(
  body: { html: string; contentSecurityPolicy: string },
  options: { theme?: string } = {},
): Response {
  return new Response(withTheme(body.html, options.theme ?? 'system'), {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': body.contentSecurityPolicy,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
    },
  });
}

// The dark surround: the page's dark surface colour (--surface in app/globals.css) around the white sheet.
const DARK_SURROUND =
  'html { background: #111a2b; }\n' +
  'body { background: #fff; margin: 12px; border-radius: 6px; min-height: calc(100vh - 24px); box-sizing: border-box; }';

/**
 * The frame document with the theme's style added at the end of its own <head> (the frame CSP allows inline
 * styles, and a later rule wins over the document's base style). 'system' asks the browser, as the app does:
 * the pinned choices need no media query, so a dark system cannot darken a frame the user wants light.
 */
function withTheme(html: string, theme: string): string {
  const css =
    theme === 'dark'
      ? DARK_SURROUND
      : theme === 'light'
        ? null
        : `@media (prefers-color-scheme: dark) {\n${DARK_SURROUND}\n}`;
  // The first </head> is the frame document's own: the sanitized mail only comes after it, inside <body>.
  const end = html.indexOf('</head>');
  if (css === null || end === -1) return html;
  return `${html.slice(0, end)}<style>\n${css}\n</style>${html.slice(end)}`;
}
