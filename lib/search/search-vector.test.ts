import { describe, expect, it } from 'vitest';
import { buildSearchVector, MAX_INDEXED_BODY, type SearchableText, searchTerms } from './search-vector';

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

/** The vector as searchTerms defines its words, written the plain way: buildSearchVector must give exactly this. */
function vectorFromSearchTerms(input: SearchableText): string {
  const terms = new Map<string, string>();
  let position = 0;
  const add = (text: string, weight: string) => {
    for (const term of searchTerms(text)) {
      position = Math.min(position + 1, 16_383);
      if (!terms.has(term)) terms.set(term, `${position}${weight}`);
    }
  };
  add(input.subject, 'A');
  add(input.people.join(' '), 'B');
  if (input.body) add(input.body.slice(0, MAX_INDEXED_BODY), 'C');
  return [...terms].map(([term, at]) => `'${term}':${at}`).join(' ');
}

describe('searchTerms', () => {
  it('splits on anything but letters, digits and marks, lowercased, in every script', () => {
    expect(searchTerms('Re: Q3-Budget für Zoë (bob@example.com) — 東京 Δέλτα')).toEqual([
      're',
      'q3',
      'budget',
      'für',
      'zoë',
      'bob',
      'example',
      'com',
      '東京',
      'δέλτα',
    ]);
  });

  it('drops runs too long to be words (base64, hashes)', () => {
    expect(searchTerms(`ok ${'A'.repeat(65)} fine`)).toEqual(['ok', 'fine']);
  });
});

describe('buildSearchVector', () => {
  it('weights the subject over people over the body, each term once at its first place', () => {
    const vector = buildSearchVector({
      subject: 'Invoice March',
      people: ['Ana Pérez', 'ana@example.test'],
      body: 'The invoice for March is attached. Invoice again.',
    });
    expect(vector.split(' ')).toEqual([
      "'invoice':1A",
      "'march':2A",
      "'ana':3B",
      "'pérez':4B",
      "'example':6B",
      "'test':7B",
      "'the':8C",
      "'for':10C",
      "'is':12C",
      "'attached':13C",
      "'again':15C",
    ]);
  });

  it('reads only the start of a very long body', () => {
    const vector = buildSearchVector({ subject: '', people: [], body: `${'word '.repeat(MAX_INDEXED_BODY)}needle` });
    expect(vector).toBe("'word':1C");
  });

  it('is a valid empty vector for a message with no words', () => {
    expect(buildSearchVector({ subject: '', people: [], body: null })).toBe('');
  });

  // Queries split words with searchTerms; the import's faster scanner must find exactly the same words.
  it('finds the words searchTerms finds, in every script and at every boundary', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const input = {
        subject: randomText(seed, 8),
        people: [randomText(seed + 1_000, 3), 'Ann Example', 'ann@example.test'],
        body: seed % 10 === 0 ? null : randomText(seed + 2_000, 200),
      };
      expect(buildSearchVector(input)).toBe(vectorFromSearchTerms(input));
    }
  });

  it('stops at the indexed length and at the last position', () => {
    const long = { subject: 'Report', people: [], body: 'word '.repeat(MAX_INDEXED_BODY) };
    expect(buildSearchVector(long)).toBe(vectorFromSearchTerms(long));
    // The subject is not cut short, so it can run past the last position.
    const many = { subject: Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' '), people: [], body: 'end' };
    expect(buildSearchVector(many)).toBe(vectorFromSearchTerms(many));
    expect(buildSearchVector(many).endsWith("'end':16383C")).toBe(true);
  });
});
