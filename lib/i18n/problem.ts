import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json' with { type: 'json' };

export type ProblemValues = Record<string, string | number>;

/**
 * What went wrong, said for people: a key in the `problems` namespace of messages/<locale>.json and the ICU
 * values it names. lib raises problems rather than sentences so each reader sees them in their own language:
 * server/action.ts and server/route.ts word them in the request's language, the CLI and logs in English.
 */
export type Problem = { key: string; values?: ProblemValues };

type Catalogue = { [key: string]: string | Catalogue };

/** Whether a dotted `key` names a message (not a namespace) in a catalogue. */
export function hasMessage(messages: Catalogue, key: string): boolean {
  let node: string | Catalogue | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return false;
    node = node[part];
  }
  return typeof node === 'string';
}

/** Whether `key` names a sentence in the `problems` namespace of a catalogue (English unless given). */
export function isProblemKey(key: string, messages: Catalogue = en): boolean {
  return hasMessage(messages, `problems.${key}`);
}

/** Words a problem with a catalogue; a key the catalogue lacks falls back to English rather than showing a key. */
export function wordProblem(problem: Problem, locale: string, messages: Catalogue): string {
  const catalogue = isProblemKey(problem.key, messages) ? messages : en;
  const translate = createTranslator({ locale: catalogue === en ? 'en' : locale, messages: catalogue });
  // The key was checked above; createTranslator's key type is the literal union of a typed catalogue.
  return translate(`problems.${problem.key}` as never, problem.values as never);
}

/** The English sentence: for logs, the CLI and AppError.userMessage. */
export function englishProblem(problem: Problem): string {
  return wordProblem(problem, 'en', en);
}
