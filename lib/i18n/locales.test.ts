import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales, negotiateLocale } from './locales';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  it('falls back to English for browsers asking for a language we do not have', () => {
    expect(negotiateLocale('de-DE,de;q=0.9')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('en-GB,en;q=0.8')).toBe('en');
  });

  it('has a catalogue for every listed locale, each with every English key', () => {
    const dir = path.join(process.cwd(), 'messages');
    const english = keys(JSON.parse(readFileSync(path.join(dir, 'en.json'), 'utf8'))).sort();
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...locales].sort());
    for (const locale of locales) {
      expect(keys(JSON.parse(readFileSync(path.join(dir, `${locale}.json`), 'utf8'))).sort(), locale).toEqual(english);
    }
  });
});
