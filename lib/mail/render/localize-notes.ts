import { escapeHtml } from '../send/html-to-plain-text';
import { TOO_COMPLEX_NOTE, TRUNCATED_NOTE } from './plain-text-fallback';

/** A render's own notes in the reader's language. */
export type FrameNotes = { tooComplex: string; truncated: string };

/**
 * Renders are cached for every reader (message_renders, crm_activity_renders) with their notes in English:
 * each reader's language goes in on the way out. The notes are our own fixed markup, written before the
 * mail's content, so an exact replace cannot touch mail text.
 */
export function localizeNotes(html: string, notes: FrameNotes | undefined): string {
  if (!notes) return html;
  return html
    .replace(TOO_COMPLEX_NOTE, `<p><em>${escapeHtml(notes.tooComplex)}</em></p>`)
    .replace(TRUNCATED_NOTE, `<hr><p><em>${escapeHtml(notes.truncated)}</em></p>`);
}
