import { describe, expect, it } from 'vitest';
import { buildSearchVector, MAX_INDEXED_BODY, searchTerms } from './search-vector';

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
});
