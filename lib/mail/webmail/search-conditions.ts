import { and, eq, exists, gte, lt, not, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messageBodies, messages } from '@/db/schema';
import { wallTimeInZone } from '../../calendar/invitation/zoned-time';
import type { FieldMatch, ParsedSearch } from '../../search/parse-search-query';
import { buildTsquery, queryTermsOf, type QueryTerm } from '../../search/search-query';
import { wordsPattern, type TextPattern } from '../../search/search-patterns';

// The searched text of each field: names and addresses alike, as the search vector holds them.
const fieldText = {
  from: sql`(coalesce(${messages.fromName}, '') || ' ' || coalesce(${messages.fromAddress}, ''))`,
  to: sql`jsonb_path_query_array(${messages.toAddresses}, '$[*].*')::text`,
  cc: sql`jsonb_path_query_array(${messages.ccAddresses}, '$[*].*')::text`,
  subject: sql`${messages.subject}`,
};
// How much of a body a phrase is looked for in: more than is indexed (16 KB of words), since HTML around
// the same words is longer; a bound keeps one huge message from costing a search seconds.
const BODY_TEXT_LIMIT = 256 * 1024;
const BODY_HTML_LIMIT = 1024 * 1024;

const matches = (text: SQL, pattern: string) => sql`${text} ~ ${pattern}`;

function bodyHas(db: DbOrTx, pattern: TextPattern): SQL {
  return exists(
    db
      .select({ one: sql`1` })
      .from(messageBodies)
      .where(
        and(
          eq(messageBodies.messageId, messages.id),
          or(
            matches(sql`left(${messageBodies.textBody}, ${BODY_TEXT_LIMIT})`, pattern.text),
            matches(sql`left(${messageBodies.htmlBody}, ${BODY_HTML_LIMIT})`, pattern.html),
          ),
        ),
      ),
  );
}

const fieldCondition = (field: FieldMatch, pattern: TextPattern) => matches(fieldText[field.operator], pattern.text);

/** The instant a calendar day starts in the reader's zone. */
function dayStart(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return wallTimeInZone({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
}

/**
 * The conditions of a parsed search on `messages` (its folder scope apart). Every word goes through the
 * search vector and its GIN index; field operators and phrases are then checked on their text, which only
 * the rows the index found are read for.
 */
export function searchConditions(db: DbOrTx, search: ParsedSearch, timeZone: string): SQL[] {
  const conditions: SQL[] = [];
  const terms: QueryTerm[] = queryTermsOf(search.words.join(' '), true);
  const freeText = search.words.length > 0 || search.phrases.length > 0;
  let freeTerms = terms.length;
  for (const phrase of search.phrases) {
    const phraseTerms = queryTermsOf(phrase, false);
    freeTerms += phraseTerms.length;
    terms.push(...phraseTerms);
    const pattern = wordsPattern(phrase, false);
    if (!pattern) continue;
    const inFields = Object.values(fieldText).map((text) => matches(text, pattern.text));
    conditions.push(or(...inFields, bodyHas(db, pattern))!);
  }
  for (const field of search.fields) {
    terms.push(...queryTermsOf(field.value, !field.exact));
    const pattern = wordsPattern(field.value, !field.exact);
    // The parser refuses an operator without words, so a pattern is always there.
    if (pattern) conditions.push(fieldCondition(field, pattern));
  }
  // Punctuation alone matches nothing rather than everything.
  if (freeText && freeTerms === 0) conditions.push(sql`false`);
  const tsquery = buildTsquery(terms);
  if (tsquery) conditions.push(sql`${messages.searchVector} @@ ${tsquery}::tsquery`);

  if (search.hasAttachment) conditions.push(eq(messages.hasAttachments, true));
  for (const is of search.is)
    conditions.push(
      is === 'unread' ? not(messages.seen) : is === 'read' ? eq(messages.seen, true) : eq(messages.flagged, true),
    );
  if (search.after) conditions.push(gte(messages.receivedAt, dayStart(search.after, timeZone)));
  if (search.before) conditions.push(lt(messages.receivedAt, dayStart(search.before, timeZone)));
  return conditions;
}
