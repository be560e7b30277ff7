import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { AppError } from '../errors';
import { englishProblem, type Problem } from '../i18n/problem';
import { passwordSchema } from '../validation';

/** zxcvbn's scale: 0 guessable in under a thousand tries … 4 beyond 10^10. Mailroom asks for 3 or more. */
export type PasswordScore = 0 | 1 | 2 | 3 | 4;
export const MIN_PASSWORD_SCORE = 3;

export type PasswordStrength = {
  ok: boolean;
  score: PasswordScore;
  /** Why the password is refused, as one sentence for people in English (absent when it is accepted). */
  reason?: string;
  /** The same reason as a `problems` catalogue key, for the UI to word in the reader's language. */
  problem?: Problem;
  /** zxcvbn's warning about the weakest part ("This is a commonly used password."). */
  warning?: string;
  suggestions: string[];
};

export type PasswordOwner = { email?: string | null; name?: string | null };

// Building the ranked dictionaries takes a noticeable moment and memory, so the estimator is made once, on
// first use, in the process (or browser tab) that needs it; nothing is paid by code that never checks one.
let estimator: ZxcvbnFactory | undefined;
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary },
    // Levenshtein matching stays off: it compares the whole password with every dictionary word and makes a
    // check take about half a second instead of a few milliseconds, on every user created (tests included).
  });
  return estimator;
}

/** zxcvbn's key for its (English) warning text, as auth.passwordTooEasy chooses by it; `none` without one. */
function warningKey(warning: string | undefined): string {
  if (!warning) return 'none';
  const found = Object.entries(translations.warnings).find(([, text]) => text === warning);
  return found ? found[0] : 'other';
}

const MIN_PART_LENGTH = 3;

/**
 * What a password must not contain, lower-cased: the whole e-mail, its local part and the words of it, and the
 * words of the name, each of 3 or more characters. Shorter pieces ("Al", "x") would refuse half of all passwords.
 */
export function personalParts(owner: PasswordOwner): string[] {
  const parts = new Set<string>();
  const email = owner.email?.trim().toLowerCase() ?? '';
  const local = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : email;
  if (email.length >= MIN_PART_LENGTH) parts.add(email);
  if (local.length >= MIN_PART_LENGTH) parts.add(local);
  // The local part splits where people separate words in addresses (ada.lovelace, j_smith-2); a name splits
  // into its words of letters.
  for (const word of local.split(/[.\-_+]+/)) if (word.length >= MIN_PART_LENGTH) parts.add(word);
  for (const word of (owner.name?.toLowerCase() ?? '').split(/[^\p{L}]+/u))
    if (word.length >= MIN_PART_LENGTH) parts.add(word);
  return [...parts];
}

/**
 * The password rule for every place a password is chosen (setup, the CLI, invitations, resets, the UI):
 * at least 10 characters, zxcvbn score 3 or more with the owner's e-mail and name as known words, and none of
 * the owner's personal parts inside it (case-insensitive). Pure and synchronous: the browser runs the same
 * function, loaded on demand, so what the form says is what the server decides.
 */
export function checkPasswordStrength(password: string, owner: PasswordOwner = {}): PasswordStrength {
  const parts = personalParts(owner);
  // Beyond the schema's maximum the estimator would only be slower; the length rule answers first anyway.
  const result = getEstimator().check(password.slice(0, 256), parts);
  const score = result.score as PasswordScore;
  const warning = result.feedback.warning ?? undefined;
  const suggestions = result.feedback.suggestions;
  const refuse = (problem: Problem): PasswordStrength => ({
    ok: false,
    score,
    reason: englishProblem(problem),
    problem,
    warning,
    suggestions,
  });

  const length = passwordSchema.safeParse(password);
  // The schema's messages are `problems` keys (field.passwordTooShort, …).
  if (!length.success) return refuse({ key: length.error.issues[0]!.message });
  const lower = password.toLowerCase();
  if (parts.some((part) => lower.includes(part))) return refuse({ key: 'auth.passwordPersonal' });
  if (score < MIN_PASSWORD_SCORE) {
    // The catalogue words zxcvbn's warning itself, by the warning's key, so it is translated with the rest.
    return refuse({ key: 'auth.passwordTooEasy', values: { warning: warningKey(warning) } });
  }
  return { ok: true, score, warning, suggestions };
}

/** Throws a validation AppError naming the reason (and the field, for forms) when the password is refused. */
export function assertStrongPassword(password: string, owner: PasswordOwner = {}, field = 'password'): void {
  const strength = checkPasswordStrength(password, owner);
  if (strength.ok) return;
  throw new AppError('validation', {
    message: `Password refused (score ${strength.score}): ${strength.reason}`,
    problem: strength.problem,
    details: { fieldErrors: { [field]: strength.reason }, fieldProblems: { [field]: strength.problem } },
  });
}
