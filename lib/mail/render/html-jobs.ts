// What the HTML workers are asked to do (run-html-job.ts) and what they answer. No DOM here: the main thread
// imports this module, and the jsdom window must only ever exist in the workers.
import type { RenderedHtml } from './render-message-html';

/**
 * Bump when the sanitizer's output changes (allowlists, CSS rules, bounds, notices): cached renders of another
 * version are rendered again (message-render-cache.ts, render-activity-html.ts).
 */
export const RENDERER_VERSION = 1;

/**
 * A message for the reading pane; inline images become placeholders (inline-image-placeholders.ts).
 * `plainTextOnly` (for every job): skip the sanitizer and answer with the text, as for HTML too complex to
 * sanitize; in linear time, it is what a job that failed is tried again as.
 */
export type MessageJob = {
  kind: 'message';
  plainTextOnly?: boolean;
  html: string;
  textBody: string | null;
  allowRemoteImages: boolean;
  /** The message's inline raster images: [normalised Content-ID, attachment id]. */
  inlineImages: Array<[string, number]>;
  /** Random, per render: marks this render's inline-image placeholders. */
  placeholderToken: string;
};

/** HTML to send: sanitized to the compose editor's formatting, with its text/plain version. */
export type OutgoingJob = { kind: 'outgoing'; plainTextOnly?: boolean; html: string };

/** A message's body as a reply or forward quotes it: sanitized as outgoing HTML, or its text escaped. */
export type QuoteJob = { kind: 'quote'; plainTextOnly?: boolean; html: string | null; textBody: string | null };

export type HtmlJob = MessageJob | OutgoingJob | QuoteJob;

export type MessageRender = RenderedHtml & { usesPlaceholders: boolean };
/** `asText`: too complex to sanitize, `html` is the escaped text. */
export type OutgoingResult = { html: string; text: string; asText: boolean };
/** `quotedText`: `text` with each line quoted ("> "), for the text/plain reply. */
export type QuotedBody = OutgoingResult & { quotedText: string };

export type HtmlJobResult =
  | { kind: 'message'; render: MessageRender }
  | { kind: 'outgoing'; outgoing: OutgoingResult }
  | { kind: 'quote'; quote: QuotedBody }
  | { kind: 'failed'; reason: string };

export function normalizeContentId(value: string): string {
  return value.trim().replace(/^<|>$/g, '').toLowerCase();
}
