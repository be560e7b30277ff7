import { scanHtmlText } from './scan-html-text';
import { truncate } from './strings';

export const SNIPPET_LENGTH = 200;

// Text is read in slices so a multi-megabyte body costs no more than its first kilobyte or so.
const SLICE = 1024;

// Zero-width and other invisible characters: newsletters pad their preview text with runs of them
// (&zwnj;&#847;…) so that clients don't show the body's first words; in a snippet they are just noise, as are
// control characters (an undecodable ISO-2022-JP body leaves its ESC sequences).
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each invisible code point is listed on its own on purpose
  /[\u0000-\u0008\u000e-\u001f\u007f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0]/g;

/** The first ~200 characters a reader sees: of the plain text, else of the HTML without markup; whitespace collapsed. */
export function makeSnippet(text: string | null, html: string | null): string {
  if (text) {
    const builder = new SnippetBuilder();
    for (let start = 0; start < text.length && !builder.full; start += SLICE)
      builder.add(text.slice(start, start + SLICE));
    if (builder.result) return builder.result;
  }
  if (!html) return '';
  const builder = new SnippetBuilder();
  scanHtmlText(html, {
    text: (segment) => builder.add(segment),
    blockBoundary: () => builder.space(),
    done: () => builder.full,
  });
  return builder.result;
}

/** Collects words separated by single spaces until it has enough. */
class SnippetBuilder {
  private out = '';
  private pendingSpace = false;

  get full(): boolean {
    return this.out.length >= SNIPPET_LENGTH;
  }

  get result(): string {
    return truncate(this.out, SNIPPET_LENGTH).trimEnd();
  }

  space(): void {
    this.pendingSpace = true;
  }

  add(segment: string): void {
    if (this.full) return;
    // A slice may end inside a word: the next slice continues it, since only whitespace separates words.
    const words = segment.replace(INVISIBLE, '').split(/\s+/);
    for (let index = 0; index < words.length && !this.full; index++) {
      const word = words[index]!;
      if (index > 0) this.pendingSpace = true;
      if (!word) continue;
      if (this.pendingSpace && this.out) this.out += ' ';
      this.pendingSpace = false;
      this.out += word;
    }
  }
}
