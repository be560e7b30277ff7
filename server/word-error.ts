import { getLocale, getMessages } from 'next-intl/server';
import type { AppError } from '@/lib/errors';
import { type Problem, wordProblem } from '@/lib/i18n/problem';

type Catalogue = Parameters<typeof wordProblem>[2];

/**
 * The request's negotiated language (i18n/request.ts). Null outside a Next request, where there is none to
 * negotiate (a route handler called directly by its test): the error then stays in English, as lib wrote it.
 */
async function requestLanguage(): Promise<{ locale: string; messages: Catalogue } | null> {
  try {
    return { locale: await getLocale(), messages: (await getMessages()) as Catalogue };
  } catch {
    return null;
  }
}

export type WordedError = { message: string; fieldErrors?: Record<string, string> };

/**
 * An AppError in the request's language: its problem and each field's problem from the catalogue, the English
 * userMessage where lib gave only a sentence. Used by the action and route wrappers, so lib stays unaware of
 * who reads its errors.
 */
export async function wordError(error: AppError): Promise<WordedError> {
  const language = await requestLanguage();
  const problem = error.problem;
  if (!language)
    return { message: error.userMessage, fieldErrors: error.details?.fieldErrors as Record<string, string> };
  const { locale, messages } = language;
  const message = problem ? wordProblem(problem, locale, messages) : error.userMessage;
  const englishFields = error.details?.fieldErrors as Record<string, string> | undefined;
  const fieldProblems = error.details?.fieldProblems as Record<string, Problem> | undefined;
  if (!englishFields) return { message };
  const fieldErrors = Object.fromEntries(
    Object.entries(englishFields).map(([field, english]) => {
      const fieldProblem = fieldProblems?.[field];
      return [field, fieldProblem ? wordProblem(fieldProblem, locale, messages) : english];
    }),
  );
  // A validation error's sentence is its fields' sentences; word it from them rather than from the English join.
  const joined =
    error.code === 'validation' && fieldProblems ? [...new Set(Object.values(fieldErrors))].join(' ') : null;
  return { message: joined ?? message, fieldErrors };
}
