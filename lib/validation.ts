import { z } from 'zod';
import { AppError, type ErrorCode } from './errors';
import { englishProblem, isProblemKey, type Problem } from './i18n/problem';
import { isPlanId, type PlanId } from './plans/catalogue';

// Shared by the UI, the CLI and lib operations so every entry point accepts the same values. Messages are keys in
// the `problems` catalogue (messages/<locale>.json), so each reader sees them in their language.
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'field.emailInvalid' }).max(254, { error: 'field.emailTooLong' }));
export const passwordSchema = z
  .string()
  .min(10, { error: 'field.passwordTooShort' })
  .max(256, { error: 'field.passwordTooLong' });
export const personNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'field.nameRequired' })
  .max(200, { error: 'field.nameTooLong' });
export const orgNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'field.orgNameRequired' })
  .max(200, { error: 'field.nameTooLong' });
export const planSchema = z
  .string()
  .refine(isPlanId, { error: 'field.planUnknown' })
  .transform((v) => v as PlanId);
export const roleSchema = z.enum(['admin', 'employee'], { error: 'field.roleInvalid' });
export const uuidSchema = z.uuid({ error: 'field.idInvalid' });
/** For ids from URLs and forms checked before a query: PostgreSQL answers a malformed uuid with an error, not no rows. */
export const isUuid = (value: string): boolean => uuidSchema.safeParse(value).success;

// Dates people can mean: the years 1900 to 9999. PostgreSQL has no year 0 and JavaScript's dates end in
// 275760, so wider input fails in the database (a 500) or in toISOString; four-digit years also keep every
// instant printable as YYYY-MM-DD everywhere it is shown.
const FIRST_INSTANT = Date.UTC(1900, 0, 1);
const END_INSTANT = Date.UTC(10000, 0, 1);
const DATE_RANGE_MESSAGE = 'field.dateOutOfRange';

/** Whether milliseconds since the epoch fall in the range every date input accepts. */
export function isInstantInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= FIRST_INSTANT && ms < END_INSTANT;
}

/**
 * An instant as ISO 8601 with seconds and a zone (`2026-05-01T09:00:00Z`, `…+02:00`); stays a string. `message` is
 * a `problems` key (`field.…`); a plain sentence still works but is shown in English only.
 */
export const instantSchema = (message = 'field.dateTimeRequired') =>
  z.iso
    .datetime({ offset: true, error: message })
    .refine((value) => isInstantInRange(Date.parse(value)), { error: DATE_RANGE_MESSAGE });

/** A calendar day, YYYY-MM-DD (a real one: 2024-02-30 is refused). `message` as for instantSchema. */
export const daySchema = (message = 'field.dayRequired') =>
  z.iso
    .date({ error: message })
    .refine((value) => isInstantInRange(Date.parse(`${value}T00:00:00Z`)), { error: DATE_RANGE_MESSAGE });

// PostgreSQL refuses U+0000 in text and jsonb, and half of a surrogate pair in jsonb (in text the driver turns
// it into U+FFFD): a 500 at the query, or text silently changed. They are refused here, naming the field,
// rather than stripped: such text comes from a binary file or a broken encoding rather than from someone
// writing, and quietly changing a search, a password or a name would be worse than saying so.
const NUL_MESSAGE = 'field.nullCharacter';
const SURROGATE_MESSAGE = 'field.brokenCharacter';
const loneSurrogate = /\p{Cs}/u;

function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  return loneSurrogate.test(text) ? SURROGATE_MESSAGE : null;
}

/** For text that reaches a query without a schema (a cursor's key): whether PostgreSQL can take it. */
export function isStorableText(text: string): boolean {
  return unstorableText(text) === null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Every string (keys included) in JSON-like input that the database would refuse, by field path. */
function findUnstorableText(input: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  // A stack rather than recursion: a body nested thousands of levels deep must not overflow the call stack.
  const stack: Array<{ value: unknown; path: string }> = [{ value: input, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const child = (key: string | number) => (path ? `${path}.${key}` : String(key));
    if (typeof value === 'string') {
      const problem = unstorableText(value);
      if (problem) found[path || '_'] ??= problem;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: child(index) }));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        const problem = unstorableText(key);
        if (problem) found[path || '_'] ??= problem;
        else stack.push({ value: item, path: child(key) });
      }
    }
  }
  return found;
}

/**
 * One validation AppError naming each field. A message that is a `problems` key (schemas write
 * `{ error: 'field.emailInvalid' }`) is kept as `details.fieldProblems` for the UI to word in the reader's
 * language, and `fieldErrors` carries its English; zod's own messages have no key and stay as zod wrote them.
 */
function validationError(messages: Record<string, string>): AppError {
  const fieldErrors: Record<string, string> = {};
  const fieldProblems: Record<string, Problem> = {};
  for (const [field, message] of Object.entries(messages)) {
    const problem = isProblemKey(message) ? { key: message } : { key: 'field.invalid' };
    fieldProblems[field] = problem;
    fieldErrors[field] = isProblemKey(message) ? englishProblem(problem) : message;
  }
  return new AppError('validation', {
    message: `Invalid input: ${JSON.stringify(fieldErrors)}`,
    userMessage: [...new Set(Object.values(fieldErrors))].join(' '),
    details: { fieldErrors, fieldProblems },
  });
}

/**
 * Parses with a schema and turns failures into one validation AppError that names each field. Every entry
 * point (routes, server actions, the CLI, lib operations) comes through here, so text the database cannot
 * store is refused here once for all of them.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const unstorable = findUnstorableText(input);
  if (Object.keys(unstorable).length > 0) throw validationError(unstorable);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fieldErrors[key] ??= issue.message;
  }
  throw validationError(fieldErrors);
}

/** An error on one form field, worded from the `problems` catalogue: the UI shows it beside that field. */
export function fieldError(field: string, problem: Problem, code: ErrorCode = 'validation'): AppError {
  return new AppError(code, {
    problem,
    details: { fieldErrors: { [field]: englishProblem(problem) }, fieldProblems: { [field]: problem } },
  });
}
