import { isInlineImageType } from '../render/attachment-response-headers';

export type PreviewKind = 'image' | 'pdf';

/**
 * What the reading pane may show without a download: raster images in the viewer, PDFs in the browser's own
 * PDF viewer inside a sandboxed frame. Never SVG or HTML (they would run on our origin). Pure, for the
 * browser too.
 */
export function previewKindOf(contentType: string): PreviewKind | null {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (isInlineImageType(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  return null;
}
