import type { ParsedSearch } from './parse-search-query';

const quote = (value: string) => (/[\s"]/.test(value) || value === '' ? `"${value}"` : value);

/**
 * The canonical text of a parsed search: parsing it again gives the same search. The round trip the
 * parser's randomized test checks, so every accepted search has one exact meaning.
 */
export function formatSearchQuery(q: ParsedSearch): string {
  const parts: string[] = [];
  for (const field of q.fields)
    parts.push(`${field.operator}:${field.exact || /[\s"]/.test(field.value) ? `"${field.value}"` : field.value}`);
  if (q.hasAttachment) parts.push('has:attachment');
  for (const is of q.is) parts.push(`is:${is}`);
  if (q.after) parts.push(`after:${q.after}`);
  if (q.before) parts.push(`before:${q.before}`);
  if (q.in)
    parts.push(
      'all' in q.in ? 'in:all' : `in:${q.in.folder.toLowerCase() === 'all' ? `"${q.in.folder}"` : quote(q.in.folder)}`,
    );
  for (const phrase of q.phrases) parts.push(`"${phrase}"`);
  // No free word starts with a known operator name (it would have been read as one), so each reads back as a word.
  for (const word of q.words) parts.push(word);
  return parts.join(' ');
}
