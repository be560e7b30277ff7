import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { listFromQuery } from './list-from-query';

const refuse = (fieldErrors: Record<string, string>) =>
  new AppError('validation', { userMessage: 'Refused.', details: { fieldErrors } });

// A stand-in for a lib list operation: refuses what `bad` names, and records every query it was asked.
function listRefusing(bad: Record<string, string>) {
  const asked: Array<Record<string, string | undefined>> = [];
  const load = async (query: Record<string, string | undefined>) => {
    asked.push(query);
    const named = Object.fromEntries(Object.entries(bad).filter(([field]) => query[field] !== undefined));
    if (Object.keys(named).length > 0) throw refuse(named);
    return ['row'];
  };
  return { asked, load };
}

describe('listFromQuery', () => {
  it('asks once when the lib takes the query', async () => {
    const { asked, load } = listRefusing({});
    await expect(listFromQuery({ q: 'x', cursor: 'c' }, load)).resolves.toEqual({
      list: ['row'],
      applied: { q: 'x', cursor: 'c' },
      refused: [],
    });
    expect(asked).toHaveLength(1);
  });

  it('leaves out each refused field, one refusal after another, and names all but the cursor', async () => {
    // The lib stops at the first problem it finds, as decodeListCursor after parseInput does.
    const asked: Array<Record<string, string | undefined>> = [];
    const load = async (query: Record<string, string | undefined>) => {
      asked.push(query);
      if (query.q !== undefined) throw refuse({ q: 'No NUL.' });
      if (query.cursor !== undefined) throw refuse({ cursor: 'Stale.' });
      return ['row'];
    };
    const result = await listFromQuery({ q: 'a\u0000', status: 'open', cursor: 'garbage' }, load);
    expect(result).toEqual({
      list: ['row'],
      applied: { status: 'open' },
      refused: [{ field: 'q', message: 'No NUL.' }],
    });
    expect(asked).toEqual([
      { q: 'a\u0000', status: 'open', cursor: 'garbage' },
      { status: 'open', cursor: 'garbage' },
      { status: 'open' },
    ]);
  });

  it('drops several fields named in one refusal at once', async () => {
    const { asked, load } = listRefusing({ from: 'Bad day.', to: 'Bad day.' });
    const result = await listFromQuery({ from: '0000-01-01', to: '2024-02-30', group: 'access' }, load);
    expect(result.refused.map((r) => r.field)).toEqual(['from', 'to']);
    expect(result.applied).toEqual({ group: 'access' });
    expect(asked).toHaveLength(2);
  });

  it('throws what names no field of the query, and every other error', async () => {
    await expect(
      listFromQuery({ q: 'x' }, async () => Promise.reject(refuse({ _: 'Whole input.' }))),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      listFromQuery({ q: 'x' }, async () => Promise.reject(new AppError('forbidden'))),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listFromQuery({ q: 'x' }, async () => Promise.reject(new Error('connection lost')))).rejects.toThrow(
      'connection lost',
    );
  });
});
