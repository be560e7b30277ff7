import { AppError } from '../errors';
import type { SearchQueryError } from './parse-search-query';

// For API clients and logs; the webmail words the hint itself from `details.reason` (messages/en.json,
// mail.search.errors), with `details.operator` and `details.value` to quote back.
const englishReason: Record<SearchQueryError['reason'], string> = {
  unbalancedQuote: 'A quote is not closed.',
  missingValue: 'An operator has nothing after it.',
  badDate: 'Dates are written YYYY-MM-DD.',
  badIs: 'is: takes unread, read or flagged.',
  badHas: 'has: takes attachment.',
  emptyDateRange: 'The after: date must be before the before: date.',
  twoFolders: 'Search one folder (in:…) or all of them (in:all), not several.',
  unknownFolder: 'There is no folder of that name in this mailbox.',
};

/** The 400 of a search the parser refused, with the reason the webmail turns into a hint under the box. */
export function searchQueryAppError(error: SearchQueryError): AppError {
  const quoted = error.operator ? ` (${error.operator}${error.value ?? ''})` : '';
  return new AppError('validation', {
    userMessage: `${englishReason[error.reason]}${quoted}`,
    details: { reason: error.reason, operator: error.operator, value: error.value },
  });
}
