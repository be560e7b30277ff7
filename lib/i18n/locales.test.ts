import { describe, expect, it } from 'vitest';
import { recipientLocale } from './catalogue';
import { isLocale, locales, negotiateLocale } from './locales';

describe('locales', () => {
  it('offers the six languages, each named in itself', () => {
    expect([...locales].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'vi']);
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('pt')).toBe(false);
    expect(isLocale('toString')).toBe(false);
  });

  it('follows Accept-Language: region tags, weights, and English for languages we do not have', () => {
    expect(negotiateLocale('de-DE,de;q=0.9')).toBe('de');
    expect(negotiateLocale('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(negotiateLocale('vi-VN')).toBe('vi');
    expect(negotiateLocale('pt-BR,pt;q=0.9,es;q=0.8,en;q=0.7')).toBe('es');
    expect(negotiateLocale('en;q=0.5,it;q=0.9')).toBe('it');
    expect(negotiateLocale('it;q=0,de')).toBe('de');
    expect(negotiateLocale('ja-JP')).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
  });

  it('writes mail in the chosen language, else the browser’s last, else the asking page’s, else English', () => {
    expect(recipientLocale({ locale: 'fr', browserLocale: 'de' }, 'it')).toBe('fr');
    expect(recipientLocale({ locale: null, browserLocale: 'de' }, 'it')).toBe('de');
    expect(recipientLocale({ locale: null, browserLocale: null }, 'it')).toBe('it');
    expect(recipientLocale({}, null)).toBe('en');
    expect(recipientLocale({ locale: 'xx', browserLocale: 'yy' }, 'zz')).toBe('en');
  });
});
