import { AppError } from '../errors';
import type { SearchQueryError } from './parse-search-query';

// For API clients and logs, worded from problems.search.<reason>; the webmail words the hint itself from
// `details.reason` (messages/en.json, mail.search.errors), with `details.operator` and `details.value` to quote back.

/** The 400 of a search the parser refused, with the reason the webmail turns into a hint under the box. */
export function searchQueryAppError(error: SearchQueryError): AppError {
  // Each sentence ends with the operator and value quoted back, "(in:Archive)", when there is an operator.
  const values = { quoted: error.operator ? 'yes' : 'no', operator: error.operator ?? '', value: error.value ?? '' };
  return new AppError('validation', {
    problem: { key: `search.${error.reason}`, values },
    details: { reason: error.reason, operator: error.operator, value: error.value },
  });
}
