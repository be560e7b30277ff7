import { describe, expect, it } from 'vitest';
import { buildSearchVector, MAX_INDEXED_BODY } from '@/lib/search/search-vector';
import { fastSearchVector } from './fast-search-vector';

// Pieces that stress the word boundaries: ASCII, accents (precomposed and combining), a letter whose lowercase
// form is longer (İ), CJK, emoji and other astral code points, astral letters, lone surrogates, digits of
// other scripts, punctuation and whitespace of all kinds.
const PIECES = [
  'Hello',
  'WORLD',
  'e-mail',
  'foo_bar',
  'x@example.test',
  '42',
  'ünïcödé',
  'e\u0301',
  'İstanbul',
  'ǅ',
  'ß',
  '日本語のテキスト',
  '😀',
  '𝐀𝐁𝐂',
  '𐐀𐐨',
  '\ud800',
  '\udc00x',
  '٣٤',
  'ـ',
  '—',
  ' ',
  '\t',
  '\r\n',
  '.',
  ',',
  "'",
  '"',
  '\u00a0',
  '\u200b',
  'a'.repeat(64),
  'b'.repeat(65),
  'Ωmega',
  'ﬁne',
];

function randomText(seed: number, length: number): string {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    text += PIECES[state % PIECES.length];
  }
  return text;
}

describe('fastSearchVector', () => {
  it('gives exactly what buildSearchVector gives', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const input = {
        subject: randomText(seed, 8),
        people: [randomText(seed + 1_000, 3), 'Ann Example', 'ann@example.test'],
        body: seed % 10 === 0 ? null : randomText(seed + 2_000, 200),
      };
      expect(fastSearchVector(input)).toBe(buildSearchVector(input));
    }
  });

  it('stops at the indexed length and the last position as buildSearchVector does', () => {
    const long = { subject: 'Report', people: [], body: 'word '.repeat(MAX_INDEXED_BODY) };
    expect(fastSearchVector(long)).toBe(buildSearchVector(long));
    // The subject is not cut short, so it can run past the last position.
    const many = { subject: Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' '), people: [], body: 'end' };
    expect(fastSearchVector(many)).toBe(buildSearchVector(many));
  });
});
