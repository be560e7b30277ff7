import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAppError } from './errors';
import { daySchema, instantSchema, parseInput } from './validation';

function fieldErrorsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (isAppError(error) && error.code === 'validation') return error.details?.fieldErrors as Record<string, string>;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseInput refuses text the database cannot store', () => {
  const schema = z.object({
    title: z.string(),
    tags: z.array(z.string()).optional(),
    extra: z.record(z.string(), z.string()).optional(),
  });

  it('names the field with a NUL, wherever it is nested, and keeps ordinary control characters', () => {
    expect(fieldErrorsOf(() => parseInput(schema, { title: 'a\u0000b' }))).toEqual({
      title: expect.stringContaining('null character'),
    });
    expect(Object.keys(fieldErrorsOf(() => parseInput(schema, { title: 'ok', tags: ['x', '\u0000'] })))).toEqual([
      'tags.1',
    ]);
    expect(Object.keys(fieldErrorsOf(() => parseInput(schema, { title: 'ok', extra: { 'key\u0000': 'v' } })))).toEqual([
      'extra',
    ]);
    expect(parseInput(schema, { title: 'tab\tnew\nline\u0001bell\u0007' }).title).toBe(
      'tab\tnew\nline\u0001bell\u0007',
    );
  });

  it('refuses half of a surrogate pair but not a whole one', () => {
    expect(fieldErrorsOf(() => parseInput(schema, { title: 'x\ud800' }))).toEqual({
      title: expect.stringContaining('broken character'),
    });
    expect(fieldErrorsOf(() => parseInput(schema, { title: '\udc00y' }))).toHaveProperty('title');
    expect(parseInput(schema, { title: 'emoji 😀' }).title).toBe('emoji 😀');
  });

  it('checks input a schema would drop or never reach, and a bare string', () => {
    expect(Object.keys(fieldErrorsOf(() => parseInput(schema, { title: 'ok', unknownField: '\u0000' })))).toEqual([
      'unknownField',
    ]);
    expect(Object.keys(fieldErrorsOf(() => parseInput(z.string(), '\u0000')))).toEqual(['_']);
  });

  it('walks input nested far deeper than any schema without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(fieldErrorsOf(() => parseInput(z.unknown(), deep))).toBeDefined();
  });
});

describe('dates', () => {
  const instant = instantSchema();
  it.each([
    ['0000-01-01T00:00:00Z', false],
    ['1899-12-31T23:59:59Z', false],
    ['275760-09-14T00:00:00Z', false],
    ['2024-02-30T10:00:00Z', false],
    ['2023-02-29T10:00:00Z', false],
    ['9999-12-31T23:00:00-05:00', false],
    ['not a date', false],
    ['1900-01-01T00:00:00Z', true],
    ['2024-02-29T10:00:00+02:00', true],
    ['9999-12-31T23:59:59Z', true],
  ])('instant %s accepted: %s', (value, ok) => {
    expect(instant.safeParse(value).success).toBe(ok);
  });

  it.each([
    ['0000-01-01', false],
    ['2024-02-30', false],
    ['275760-09-14', false],
    ['2024-02-29', true],
    ['9999-12-31', true],
  ])('day %s accepted: %s', (value, ok) => {
    expect(daySchema().safeParse(value).success).toBe(ok);
  });

  it('says which years it takes', () => {
    expect(
      fieldErrorsOf(() => parseInput(z.object({ deadline: instant }), { deadline: '0000-01-01T00:00:00Z' })),
    ).toEqual({ deadline: 'Enter a date between the years 1900 and 9999.' });
  });
});
