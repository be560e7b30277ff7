import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json' with { type: 'json' };
import type { Catalogue } from '../i18n/catalogue';
import { hasMessage } from '../i18n/problem';
import { type AuditDescription, type AuditLabel, type AuditValue, auditActorLabel } from './describe-audit-entry';

type Translate = (key: string, values?: Record<string, string | number>) => string;

function translatorOf(locale: string, messages: Catalogue): Translate {
  // Keys are checked by hasMessage before use; createTranslator's key type is the union of a typed catalogue's keys.
  return createTranslator({ locale, messages }) as unknown as Translate;
}

export type AuditWording = {
  /** The entry's sentence in the reader's language. */
  describe: (description: AuditDescription) => string;
  /** Who acted, when the log has no name for them (a deleted user, the command line, …). */
  actor: (actorKind: string) => string;
  /** A word of the audit namespace by its full key (the CSV's column names, `audit.csv.*`). */
  word: (key: string) => string;
};

/**
 * Words audit descriptions with one language's catalogue (the page's, or the one loadCatalogue gives the CSV
 * export). A key the catalogue lacks (a language behind the code) is worded in English rather than shown as a key.
 */
export function auditWording(locale: string, messages: Catalogue): AuditWording {
  const translate = translatorOf(locale, messages);
  const english = translatorOf('en', en);
  const message = (key: string, values?: Record<string, string | number>) =>
    hasMessage(messages, key) ? translate(key, values) : hasMessage(en, key) ? english(key, values) : key;
  const label = (l: AuditLabel) =>
    l.label && hasMessage(messages, l.label) ? translate(l.label, l.values) : l.fallback;
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  const wordValue = (value: AuditValue): string | number =>
    Array.isArray(value) ? list.format(value.map(label)) : typeof value === 'object' ? label(value) : value;
  return {
    describe: ({ key, values }) =>
      message(key, Object.fromEntries(Object.entries(values).map(([name, value]) => [name, wordValue(value)]))),
    actor: (actorKind) => label(auditActorLabel(actorKind)),
    word: (key) => message(key),
  };
}
