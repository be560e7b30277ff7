import { buildSearchVector, MAX_INDEXED_BODY } from '@/lib/search/search-vector';
import type { HeaderFields } from './header-fields';
import { scanHtmlText } from './scan-html-text';

/** The search vector of a parsed message: built where it is parsed, so in the parse workers. */
export function searchVectorOf(
  fields: HeaderFields,
  body: { text: string | null; html: string | null } | null,
): string {
  const people = [fields.from, ...fields.to, ...fields.cc].flatMap((person) =>
    person ? [person.name, person.address] : [],
  );
  return buildSearchVector({
    subject: fields.subject,
    people,
    body: body ? (body.text ?? htmlWords(body.html)) : null,
  });
}

// An HTML-only message is searched by its visible words, read with the same linear scanner as the snippet.
function htmlWords(html: string | null): string | null {
  if (!html) return null;
  let words = '';
  scanHtmlText(html, {
    text: (segment) => {
      words += segment;
    },
    blockBoundary: () => {
      words += ' ';
    },
    done: () => words.length >= MAX_INDEXED_BODY,
  });
  return words;
}
