import { describe, expect, it } from 'vitest';
import { formatSearchQuery } from './format-search-query';
import { normalizeDay, parseSearchQuery, type SearchParseResult } from './parse-search-query';

const ok = (text: string) => {
  const result = parseSearchQuery(text);
  if (!result.ok) throw new Error(`refused ${text}: ${JSON.stringify(result.error)}`);
  return result.query;
};
const refused = (text: string) => {
  const result = parseSearchQuery(text);
  if (result.ok) throw new Error(`accepted ${text}`);
  return result.error;
};

describe('parseSearchQuery', () => {
  it('reads every operator, quoted values and phrases, and free words', () => {
    expect(
      ok(
        'from:bob To:"Ann Lee" cc:ops@example.test subject:"q3 invoice" has:attachment is:UNREAD is:flagged ' +
          'after:2026-01-05 before:2026/02/01 in:Sent "exact words" meeting re:lunch',
      ),
    ).toEqual({
      words: ['meeting', 're:lunch'],
      phrases: ['exact words'],
      fields: [
        { operator: 'from', value: 'bob', exact: false },
        { operator: 'to', value: 'Ann Lee', exact: true },
        { operator: 'cc', value: 'ops@example.test', exact: false },
        { operator: 'subject', value: 'q3 invoice', exact: true },
      ],
      hasAttachment: true,
      is: ['unread', 'flagged'],
      after: '2026-01-05',
      before: '2026-02-01',
      in: { folder: 'Sent' },
    });
    expect(ok('in:ALL').in).toEqual({ all: true });
    expect(ok('in:"all"').in).toEqual({ folder: 'all' });
    expect(ok('in:all in:all').in).toEqual({ all: true });
    expect(ok('   ')).toEqual(ok(''));
  });

  it('keeps the narrowest of repeated dates', () => {
    expect(ok('after:2026-01-01 after:2026-01-10 before:2026-03-01 before:2026-02-01')).toMatchObject({
      after: '2026-01-10',
      before: '2026-02-01',
    });
  });

  it('gives a precise reason for a malformed operator', () => {
    expect(refused('before:yesterday')).toEqual({ reason: 'badDate', operator: 'before:', value: 'yesterday' });
    expect(refused('after:2026-02-30')).toEqual({ reason: 'badDate', operator: 'after:', value: '2026-02-30' });
    expect(refused('is:purple')).toEqual({ reason: 'badIs', operator: 'is:', value: 'purple' });
    expect(refused('has:nothing')).toEqual({ reason: 'badHas', operator: 'has:', value: 'nothing' });
    expect(refused('from: bob')).toEqual({ reason: 'missingValue', operator: 'from:' });
    expect(refused('subject:""')).toEqual({ reason: 'missingValue', operator: 'subject:' });
    expect(refused('from:@@')).toEqual({ reason: 'missingValue', operator: 'from:' });
    expect(refused('"open phrase')).toEqual({ reason: 'unbalancedQuote' });
    expect(refused('from:"Bob')).toEqual({ reason: 'unbalancedQuote' });
    expect(refused('in:sent in:inbox')).toEqual({ reason: 'twoFolders', operator: 'in:', value: 'inbox' });
    expect(refused('after:2026-02-01 before:2026-02-01')).toMatchObject({ reason: 'emptyDateRange' });
  });

  it('checks calendar days', () => {
    expect(normalizeDay('2024-02-29')).toBe('2024-02-29');
    expect(normalizeDay('2023-02-29')).toBeNull();
    expect(normalizeDay('2023/12/01')).toBe('2023-12-01');
    expect(normalizeDay('20231201')).toBeNull();
  });

  it('formats a search so that it parses back to itself', () => {
    for (const text of ['from:"Bob Smith" subject:q3 "a b" c in:"all"', 'in:"Project X" is:read x:y', '']) {
      const query = ok(text);
      expect(ok(formatSearchQuery(query)), text).toEqual(query);
    }
  });
});

// A small deterministic generator (mulberry32), so a failure names a seed that reproduces it.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = [
  'from:',
  'to:',
  'cc:',
  'subject:',
  'has:',
  'is:',
  'before:',
  'after:',
  'in:',
  'FROM:',
  'x:',
  'all',
  'attachment',
  'unread',
  'read',
  'flagged',
  'purple',
  '2026-01-02',
  '2026-13-01',
  '2025/12/31',
  'bob',
  'Ann Lee',
  'q3',
  'é',
  'Zoë',
  '@',
  '!!!',
  ':',
  '"',
  '""',
  ' ',
  '  ',
  '\t',
  '-',
  'in:all',
  'sent',
  "o'brien",
  '\\',
  '日本',
];

describe('parseSearchQuery on random input', () => {
  it('never throws, and gives either a search that round-trips or a precise error', () => {
    const seed = 18_2026;
    const next = random(seed);
    for (let run = 0; run < 5_000; run++) {
      const length = Math.floor(next() * 12);
      let text = '';
      for (let i = 0; i < length; i++) {
        text += pieces[Math.floor(next() * pieces.length)];
        if (next() < 0.5) text += ' ';
      }
      let result: SearchParseResult;
      expect(
        () => {
          result = parseSearchQuery(text);
        },
        `seed ${seed} run ${run}: ${JSON.stringify(text)}`,
      ).not.toThrow();
      result = parseSearchQuery(text);
      if (result.ok) {
        const again = parseSearchQuery(formatSearchQuery(result.query));
        expect(again, `seed ${seed} run ${run}: ${JSON.stringify(text)}`).toEqual(result);
      } else {
        expect(result.error.reason).toMatch(/^[a-zA-Z]+$/);
        if (result.error.reason !== 'unbalancedQuote' && result.error.reason !== 'emptyDateRange')
          expect(result.error.operator).toMatch(/^[a-z]+:$/);
        // An unbalanced quote is exactly an odd number of quotes.
        expect(result.error.reason === 'unbalancedQuote').toBe((text.split('"').length - 1) % 2 === 1);
      }
    }
  });
});
