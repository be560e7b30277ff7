import type { Problem } from '../i18n/problem';

/** A translator over the `problems` namespace, as next-intl's useTranslations / getTranslations('problems') give. */
export type ProblemTranslator = {
  (key: string, values?: Record<string, string | number>): string;
  has: (key: string) => boolean;
};

/**
 * An error stored with a row (a mailbox's last sync error, an outbox row's) in the reader's language: its
 * problem when it has one the catalogue knows, else the English stored beside it (rows written before problems
 * were stored, or an error lib gave only in English).
 */
export function storedErrorText(
  t: ProblemTranslator,
  problem: Problem | null | undefined,
  english: string | null,
): string | null {
  return problem && t.has(problem.key) ? t(problem.key, problem.values) : english;
}
