import { searchTerms } from './search-vector';

/**
 * The webmail's search box language, parsed without a database so the browser can show the same hint the
 * list endpoint gives: free words, "quoted phrases" and operators (`from:`, `to:`, `cc:`, `subject:`,
 * `has:attachment`, `is:unread|read|flagged`, `before:`/`after:` YYYY-MM-DD, `in:<folder>`, `in:all`), all
 * of which must hold. Operator values may be quoted (`from:"Bob Smith"`). A word with an unknown `name:`
 * prefix ("re:", "10:30") is searched as text, as people type such things in subjects.
 */

export const textOperators = ['from', 'to', 'cc', 'subject'] as const;
export type TextOperator = (typeof textOperators)[number];
export const isValues = ['unread', 'read', 'flagged'] as const;
export type IsValue = (typeof isValues)[number];
const operatorNames = [...textOperators, 'has', 'is', 'before', 'after', 'in'] as const;
type OperatorName = (typeof operatorNames)[number];

/** A value to find in a field: its words in order; `exact` (quoted) when the last word is not a prefix. */
export type FieldMatch = { operator: TextOperator; value: string; exact: boolean };

export type ParsedSearch = {
  words: string[];
  phrases: string[];
  fields: FieldMatch[];
  hasAttachment: boolean;
  is: IsValue[];
  // Calendar days (YYYY-MM-DD): on or after `after`, strictly before `before`.
  after: string | null;
  before: string | null;
  in: { all: true } | { folder: string } | null;
};

export type SearchErrorReason =
  | 'unbalancedQuote'
  | 'missingValue'
  | 'badDate'
  | 'badIs'
  | 'badHas'
  | 'emptyDateRange'
  | 'twoFolders'
  | 'unknownFolder';

export type SearchQueryError = { reason: SearchErrorReason; operator?: string; value?: string };
export type SearchParseResult = { ok: true; query: ParsedSearch } | { ok: false; error: SearchQueryError };

const OPERATOR = /^([a-z]+):/i;
const DAY = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

export function emptySearch(): ParsedSearch {
  return { words: [], phrases: [], fields: [], hasAttachment: false, is: [], after: null, before: null, in: null };
}

/** A real calendar day as YYYY-MM-DD, or null ("2025-02-30" is not one). */
export function normalizeDay(value: string): string | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; text: string }
  | { kind: 'op'; name: OperatorName; value: string; quoted: boolean };

/** Splits the text into words, phrases and operators; null when a quote is left open. */
function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (): string | null => {
    const end = text.indexOf('"', i + 1);
    if (end === -1) return null;
    const value = text.slice(i + 1, end);
    i = end + 1;
    return value;
  };
  const readBare = (): string => {
    const start = i;
    while (i < text.length && !/\s/.test(text[i]!) && text[i] !== '"') i++;
    return text.slice(start, i);
  };
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    if (text[i] === '"') {
      const phrase = readQuoted();
      if (phrase === null) return null;
      tokens.push({ kind: 'phrase', text: phrase });
      continue;
    }
    const match = OPERATOR.exec(text.slice(i, i + 12));
    const name = match?.[1]?.toLowerCase() as OperatorName | undefined;
    if (match && name && (operatorNames as readonly string[]).includes(name)) {
      i += match[0].length;
      const quoted = text[i] === '"';
      const value = quoted ? readQuoted() : readBare();
      if (value === null) return null;
      tokens.push({ kind: 'op', name, value: value.trim(), quoted });
      continue;
    }
    tokens.push({ kind: 'word', text: readBare() });
  }
  return tokens;
}

/** Parses what was typed into the search box; never throws. */
export function parseSearchQuery(text: string): SearchParseResult {
  const tokens = tokenize(text);
  if (!tokens) return { ok: false, error: { reason: 'unbalancedQuote' } };
  const query = emptySearch();
  for (const token of tokens) {
    if (token.kind === 'word') query.words.push(token.text);
    else if (token.kind === 'phrase') {
      if (token.text.trim()) query.phrases.push(token.text.trim());
    } else {
      const error = applyOperator(query, token.name, token.value, token.quoted);
      if (error) return { ok: false, error };
    }
  }
  if (query.after && query.before && query.after >= query.before)
    return { ok: false, error: { reason: 'emptyDateRange', value: `${query.after} – ${query.before}` } };
  return { ok: true, query };
}

function applyOperator(q: ParsedSearch, name: OperatorName, value: string, quoted: boolean): SearchQueryError | null {
  const operator = `${name}:`;
  if (!value) return { reason: 'missingValue', operator };
  const lower = value.toLowerCase();
  switch (name) {
    case 'from':
    case 'to':
    case 'cc':
    case 'subject':
      // Punctuation alone ("from:@@") has no words to look for: a hint, not an empty list.
      if (searchTerms(value).length === 0) return { reason: 'missingValue', operator };
      q.fields.push({ operator: name, value, exact: quoted });
      return null;
    case 'has':
      if (lower !== 'attachment' && lower !== 'attachments') return { reason: 'badHas', operator, value };
      q.hasAttachment = true;
      return null;
    case 'is': {
      const is = isValues.find((v) => v === lower);
      if (!is) return { reason: 'badIs', operator, value };
      if (!q.is.includes(is)) q.is.push(is);
      return null;
    }
    case 'before':
    case 'after': {
      const day = normalizeDay(value);
      if (!day) return { reason: 'badDate', operator, value };
      // Repeating an operator narrows the range, as every term must hold.
      if (name === 'before') q.before = q.before && q.before < day ? q.before : day;
      else q.after = q.after && q.after > day ? q.after : day;
      return null;
    }
    case 'in': {
      const scope = !quoted && lower === 'all' ? { all: true as const } : { folder: value };
      const same = (a: ParsedSearch['in'], b: ParsedSearch['in']) =>
        a && b && ('all' in a ? 'all' in b : 'folder' in b && a.folder.toLowerCase() === b.folder.toLowerCase());
      if (q.in && !same(q.in, scope)) return { reason: 'twoFolders', operator, value };
      q.in = scope;
      return null;
    }
  }
}
