import { createTranslator } from 'use-intl/core';
import type { CrmReasonSentence, CrmRoutingDecision } from '@/db/schema';
import en from '@/messages/en.json' with { type: 'json' };

/** A translator over the `crm.activity.reasons` namespace, as next-intl's getTranslations and use-intl's give. */
export type ReasonTranslator = {
  (key: string, values?: Record<string, string>): string;
  has: (key: string) => boolean;
};

/**
 * The reason an activity was routed so, in the reader's language: each stored sentence from the catalogue. An
 * activity stored before reasons were sentences, or naming a sentence this catalogue lacks, shows its English.
 */
export function wordRoutingReason(routing: Pick<CrmRoutingDecision, 'reason' | 'why'>, t: ReasonTranslator): string {
  const sentences = routing.why;
  if (!sentences || sentences.length === 0 || !sentences.every((s) => t.has(s.key))) return routing.reason;
  return sentences.map((sentence) => wordSentence(sentence, t)).join(' ');
}

function wordSentence({ key, values = {} }: CrmReasonSentence, t: ReasonTranslator): string {
  const worded = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : t.has(value.key) ? t(value.key) : '?',
    ]),
  );
  return t(key, worded);
}

const englishReasons = createTranslator({ locale: 'en', messages: en, namespace: 'crm.activity.reasons' });

const englishTranslator: ReasonTranslator = Object.assign(
  // Keys are the literals of routing-decision.ts, checked by its test; the translator's key type is a literal union.
  (key: string, values?: Record<string, string>) => englishReasons(key as never, values as never),
  { has: (key: string) => englishReasons.has(key as never) },
);

/** The English of stored sentences: the `reason` kept beside them. */
export function englishRoutingReason(why: CrmReasonSentence[]): string {
  return wordRoutingReason({ reason: '', why }, englishTranslator);
}
