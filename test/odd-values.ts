import type { Rng } from '@/lib/mail/sync/fuzz/prng';

// Values people and programs send that no form would: what PostgreSQL refuses in text (NUL, half of a
// surrogate pair), other control characters, sizes, numbers JSON can carry but no id can be, dates past what
// PostgreSQL or JavaScript can hold, and the wrong type altogether.
// From the generator, not crypto: a seed must replay the same values.
function seededUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const oddStrings: Array<(rng: Rng) => string> = [
  () => '\u0000',
  () => 'before\u0000after',
  () => '\u0001\u0008\u000b\u001b\u007f\u0085',
  () => 'half \ud800 pair',
  () => '\udfff',
  () => '\u202e\u200b\ufeff',
  (rng) => 'x'.repeat(rng.pick([256, 4_001, 10_240, 60_000])),
  () => '',
  () => '   ',
  () => '😀'.repeat(300),
  () => "'; select pg_sleep(1); --",
  () => '%00%ff%',
  () => '\\',
  () => '-1',
  () => '1e400',
  () => '0x1f',
  () => 'NaN',
  () => '9'.repeat(30),
  () => '0000-01-01T00:00:00Z',
  () => '275760-09-14T00:00:00Z',
  () => '275760-09-14',
  () => '2024-02-30T00:00:00Z',
  () => '1899-12-31T23:59:59Z',
  () => '9999-12-31T23:59:59-12:00',
  () => '-'.repeat(36),
  () => '00000000-0000-0000-0000-000000000000',
  (rng) => seededUuid(rng),
  (rng) => seededUuid(rng).toUpperCase(),
  (rng) => `${seededUuid(rng)}\u0000`,
];

const oddNumbers = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  2 ** 63,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
];

export function oddString(rng: Rng): string {
  return rng.pick(oddStrings)(rng);
}

/** Anything JSON can carry that a schema might not expect. */
export function oddValue(rng: Rng, depth = 0): unknown {
  switch (rng.weighted({ string: 6, number: 2, literal: 1, array: depth < 2 ? 1 : 0, object: depth < 2 ? 1 : 0 })) {
    case 'string':
      return oddString(rng);
    case 'number':
      return rng.pick(oddNumbers);
    case 'literal':
      return rng.pick([null, true, false]);
    case 'array':
      return Array.from({ length: rng.pick([0, 1, 3, 150]) }, () => oddValue(rng, depth + 1));
    default:
      return { [rng.pick(['a', '\u0000', '__proto__', 'constructor'])]: oddValue(rng, depth + 1) };
  }
}

/** A valid-looking JSON body with one to three fields (sometimes a new one) made odd, or an odd body altogether. */
export function mutateBody(rng: Rng, template: Record<string, unknown>): unknown {
  if (rng.chance(0.1)) return oddValue(rng);
  const body: Record<string, unknown> = { ...template };
  const keys = [...Object.keys(template), 'unexpected'];
  for (const key of rng.sample(keys, rng.between(1, 3))) body[key] = oddValue(rng);
  return body;
}

/** Query-string or form fields: strings only, a field sometimes repeated (an array) or left out. */
export function mutateFields(rng: Rng, template: Record<string, string>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = { ...template };
  const keys = [...Object.keys(template), 'unexpected'];
  for (const key of rng.sample(keys, rng.between(1, 3))) {
    const roll = rng.next();
    if (roll < 0.1) delete fields[key];
    else if (roll < 0.2) fields[key] = [oddString(rng), oddString(rng)];
    else fields[key] = oddString(rng);
  }
  return fields;
}

/** A dynamic route segment as a client could send it (already URL-decoded, as Next.js hands it over). */
export function oddParam(rng: Rng, valid: string): string {
  if (rng.chance(0.3)) return valid;
  return rng.pick([
    'not-a-uuid',
    '-'.repeat(36),
    '\u0000',
    '0',
    '-1',
    '1e3',
    '0x10',
    '99999999999999999999',
    ' 1 ',
    seededUuid(rng),
    `${valid}\u0000`,
  ]);
}
