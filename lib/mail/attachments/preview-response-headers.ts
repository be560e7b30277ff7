import { attachmentResponseHeaders } from '../render/attachment-response-headers';
import { previewKindOf } from './preview-kind';

/**
 * Headers for the reading pane's preview of an attachment (`?preview=1`). Raster images come inline as the
 * frame's cid: images do. A PDF comes inline as application/pdf for the browser's viewer: no other active
 * content may load (default-src 'none'), the viewer itself is allowed (Chromium counts it as an object), and
 * the page shows it only inside a sandboxed frame. Any other type, SVG included, stays a download.
 */
export function previewResponseHeaders(options: {
  filename: string | null;
  contentType: string;
  size: number;
}): Record<string, string> {
  const kind = previewKindOf(options.contentType);
  const base = attachmentResponseHeaders({ ...options, inline: kind === 'image' });
  if (kind !== 'pdf') return base;
  return {
    ...base,
    'Content-Type': 'application/pdf',
    'Content-Disposition': base['Content-Disposition']!.replace(/^attachment;/, 'inline;'),
    'Content-Security-Policy': "default-src 'none'; object-src 'self'; frame-ancestors 'self'",
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
