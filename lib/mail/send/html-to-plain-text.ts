import { scanHtmlText } from '../parse/scan-html-text';

/**
 * The text/plain alternative of a composed HTML message: what the HTML says, paragraph breaks kept. Readers
 * that show plain text (and spam filters, which score HTML-only mail) get the same words.
 */
export function htmlToPlainText(html: string): string {
  const lines: string[] = [];
  let current = '';
  scanHtmlText(html, {
    text: (segment) => {
      current += segment.replace(/[ \t\r\n\f\u00a0]+/g, ' ');
    },
    blockBoundary: () => {
      lines.push(current.trim());
      current = '';
    },
    done: () => false,
  });
  lines.push(current.trim());
  // Block boundaries come in pairs (</p><p>): at most one empty line between paragraphs.
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Plain text as HTML that shows the same lines. */
export function plainTextToHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>\n');
}
