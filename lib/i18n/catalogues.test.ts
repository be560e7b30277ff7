import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { locales } from './locales';

type Catalogue = { [key: string]: string | Catalogue };

const root = process.cwd();
const load = (locale: string): Catalogue =>
  JSON.parse(readFileSync(path.join(root, 'messages', `${locale}.json`), 'utf8')) as Catalogue;

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

function styleOf(style: unknown): string {
  if (style === null || style === undefined) return '';
  if (typeof style === 'string') return style;
  const { location: _location, ...rest } = style as { location?: unknown };
  return JSON.stringify(rest);
}

/** What a message takes from its caller: each argument with its kind, select options, and rich-text tags. */
function signature(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) found.add(`arg ${el.value}`);
      // The style too: a number skeleton (::.0) a translation mangled would silently be dropped by the formatter.
      else if (el.type === TYPE.number) found.add(`number ${el.value} ${styleOf(el.style)}`);
      else if (el.type === TYPE.date || el.type === TYPE.time) found.add(`date ${el.value} ${styleOf(el.style)}`);
      else if (el.type === TYPE.plural) {
        found.add(`plural ${el.value}`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.select) {
        found.add(`select ${el.value}: ${Object.keys(el.options).sort().join('|')}`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) {
        found.add(`tag ${el.value}`);
        walk(el.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

function pluralArguments(message: string): Array<{ name: string; options: string[] }> {
  const found: Array<{ name: string; options: string[] }> = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.plural) {
        found.push({ name: el.value, options: Object.keys(el.options) });
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.select) for (const option of Object.values(el.options)) walk(option.value);
      else if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message));
  return found;
}

const english = flatten(load('en'));
const catalogues = new Map(locales.map((locale) => [locale, flatten(load(locale))]));

describe('message catalogues', () => {
  it('has one file per listed language, each with exactly the English keys', () => {
    const files = readdirSync(path.join(root, 'messages')).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...locales].sort());
    for (const [locale, messages] of catalogues) {
      expect([...messages.keys()].sort(), locale).toEqual([...english.keys()].sort());
    }
  });

  it('gives every message the same ICU arguments, options and tags in every language', () => {
    const mismatches: string[] = [];
    for (const [locale, messages] of catalogues) {
      for (const [key, source] of english) {
        const translated = messages.get(key);
        if (translated === undefined) continue;
        let theirs: string[];
        try {
          theirs = signature(translated);
        } catch (error) {
          mismatches.push(`${locale} ${key}: does not parse (${(error as Error).message})`);
          continue;
        }
        if (theirs.join(';') !== signature(source).join(';')) mismatches.push(`${locale} ${key}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('translates: no language leaves a sentence in English', () => {
    const untranslated: string[] = [];
    for (const [locale, messages] of catalogues) {
      if (locale === 'en') continue;
      for (const [key, source] of english) {
        // Sentences only: names, codes and one-word labels (CRM, Status, E-mail) may be the same in a language.
        if (messages.get(key) === source && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(source.replace(/\{[^}]*\}/g, '')))
          untranslated.push(`${locale} ${key}`);
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('words every plural for the numbers each language tells apart', () => {
    const missing: string[] = [];
    for (const [locale, messages] of catalogues) {
      const rules = new Intl.PluralRules(locale);
      // The categories whole numbers up to 10,000 fall in: French "many" begins at a million and is optional.
      const needed = new Set(Array.from({ length: 10_001 }, (_, n) => rules.select(n)));
      for (const [key, message] of messages) {
        for (const plural of pluralArguments(message)) {
          for (const category of needed)
            if (!plural.options.includes(category) && !plural.options.includes('other'))
              missing.push(`${locale} ${key} ${category}`);
          if (!plural.options.includes('other')) missing.push(`${locale} ${key} other`);
          // "one" where the language has no such form is dead text (Vietnamese has only "other").
          const stray = plural.options.filter(
            (o) => !o.startsWith('=') && !rules.resolvedOptions().pluralCategories.includes(o as Intl.LDMLPluralRule),
          );
          if (stray.length > 0) missing.push(`${locale} ${key} has ${stray.join(',')}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('formats every plural message in each language, numbers written the language’s way', () => {
    const values = (message: string, count: number) =>
      Object.fromEntries(
        signature(message).flatMap((entry): Array<[string, unknown]> => {
          const [kind, name = ''] = entry.split(/[ :]/);
          if (kind === 'tag') return [[name, (chunks: unknown) => chunks]];
          if (kind === 'plural' || kind === 'number') return [[name, count]];
          if (kind === 'date') return [[name, new Date(Date.UTC(2026, 2, 1, 10, 5))]];
          if (kind === 'select') return [[name, 'other']];
          return [[name, `«${name}»`]];
        }),
      );
    for (const locale of locales) {
      const messages = load(locale);
      const t = createTranslator({ locale, messages, timeZone: 'UTC' }) as unknown as {
        markup: (key: string, values: Record<string, unknown>) => string;
      };
      let checked = 0;
      for (const [key, message] of catalogues.get(locale)!) {
        const plurals = pluralArguments(message);
        if (plurals.length === 0) continue;
        const one = t.markup(key, values(message, 1));
        const two = t.markup(key, values(message, 2));
        const thousands = t.markup(key, values(message, 12_345));
        expect(one, `${locale} ${key}`).not.toMatch(/\{|\}/);
        // The number is written the language's way (12,345 / 12 345 / 12.345).
        if (message.includes('#'))
          expect(thousands, `${locale} ${key}`).toContain(new Intl.NumberFormat(locale).format(12_345));
        expect(two, `${locale} ${key}`).not.toMatch(/\{|\}/);
        checked += 1;
      }
      expect(checked, locale).toBeGreaterThan(5);
    }
  });
});

describe('catalogue use', () => {
  // Every key must be reachable from code: a string literal in the source naming it, or one of its suffixes
  // (t('title') under useTranslations('settings')), or a template prefix (`roles.${role}`) for keys chosen at
  // run time. A key no literal can reach is dead text each translator would still have to write.
  it('has no key the code never uses', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry) && !/\.(test|spec)\.tsx?$/.test(entry))
          sources.push(readFileSync(full, 'utf8'));
      }
    };
    for (const dir of ['app', 'components', 'server', 'lib', 'i18n']) walk(path.join(root, dir));
    const text = sources.join('\n');
    // Twice: as written, and with backticks blanked so t('x') inside a template literal's ${…} is seen too.
    const literals = new Set(
      [text, text.replaceAll('`', ' ')].flatMap((source) =>
        [...source.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2]!),
      ),
    );
    // Template literals that build a key: the static part before the first ${, when it ends a key segment.
    const prefixes = [...literals]
      .filter((l) => l.includes('${'))
      .map((l) => l.slice(0, l.indexOf('${')))
      .filter((p) => /^[A-Za-z][\w.]*$/.test(p));
    // Plan ids (lib/plans/catalogue) are their own label keys: planLabel calls t(plan).
    prefixes.push('plans.');
    const unused = [...english.keys()].filter((key) => {
      const parts = key.split('.');
      for (let i = 0; i < parts.length; i++) {
        const suffix = parts.slice(i).join('.');
        if (literals.has(suffix) || prefixes.some((p) => suffix.startsWith(p))) return false;
      }
      return true;
    });
    expect(unused).toEqual([]);
  });
});
