// The HTML workers' side of html-jobs.ts. Imports jsdom (through the sanitizers): only html-worker.ts and
// tests may import this module, never code on the server's main thread.
import { htmlToPlainText, plainTextToHtml } from '../send/html-to-plain-text';
import { quoteLines } from '../send/quote-lines';
import type {
  HtmlJob,
  HtmlJobResult,
  MessageJob,
  MessageRender,
  OutgoingResult,
  QuoteJob,
  QuotedBody,
} from './html-jobs';
import { normalizeContentId } from './html-jobs';
import { inlineImagePlaceholder } from './inline-image-placeholders';
import { plainTextMessage } from './plain-text-fallback';
import { renderMessageHtml } from './render-message-html';
import { outgoingAsText, sanitizeOutgoingHtml } from './sanitize-outgoing-html';

export function runHtmlJob(job: HtmlJob): HtmlJobResult {
  switch (job.kind) {
    case 'message':
      return { kind: 'message', render: renderMessageJob(job) };
    case 'outgoing':
      return { kind: 'outgoing', outgoing: outgoing(job.html, { plainTextOnly: job.plainTextOnly, textBody: null }) };
    case 'quote':
      return { kind: 'quote', quote: quoteJob(job) };
  }
}

function renderMessageJob(job: MessageJob): MessageRender {
  if (job.plainTextOnly) {
    const text = plainTextMessage(job);
    return {
      html: text.html,
      blockedImages: 0,
      hasRemoteContent: false,
      truncated: text.truncated,
      asText: true,
      usesPlaceholders: false,
    };
  }
  const inline = new Map(job.inlineImages);
  let usesPlaceholders = false;
  const rendered = renderMessageHtml(job.html, {
    allowRemoteImages: job.allowRemoteImages,
    textBody: job.textBody,
    cidUrl: (contentId, place) => {
      const attachmentId = inline.get(normalizeContentId(contentId));
      if (attachmentId === undefined) return null;
      usesPlaceholders = true;
      return inlineImagePlaceholder(job.placeholderToken, place, attachmentId);
    },
  });
  return { ...rendered, usesPlaceholders };
}

function outgoing(html: string, options: { plainTextOnly?: boolean; textBody: string | null }): OutgoingResult {
  const sanitized = options.plainTextOnly ? outgoingAsText(html, options) : sanitizeOutgoingHtml(html, options);
  // A quoted message's own text body is its text; otherwise the text of what is sent.
  const text = options.textBody ?? sanitized.plainText ?? htmlToPlainText(sanitized.html);
  return { html: sanitized.html, text, asText: sanitized.plainText !== null };
}

function quoteJob(job: QuoteJob): QuotedBody {
  // Without HTML, the text is escaped: it is shown in the compose editor, on our own origin.
  const body = job.html
    ? outgoing(job.html, job)
    : { html: plainTextToHtml(job.textBody ?? ''), text: job.textBody ?? '', asText: false };
  return { ...body, quotedText: quoteLines(body.text) };
}
