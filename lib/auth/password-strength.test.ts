import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '@/test/factories';
import { assertStrongPassword, checkPasswordStrength, personalParts } from './password-strength';

const owner = { email: 'ada.lovelace@acme.test', name: 'Ada Lovelace' };

describe('password strength', () => {
  it.each([
    ['aaaaaaaaaa', /too easy to guess: Repeated characters/],
    ['1234567890', /too easy to guess/],
    ['password123!', /too easy to guess: .*commonly used password/],
    ['qwertyuiop', /too easy to guess/],
    ['short', /at least 10 characters/],
    ['ada.lovelace@acme.test', /must not contain your e-mail address or your name/],
    ['ADA.LOVELACE2024', /must not contain your e-mail address or your name/],
    ['Lovelace12345!', /must not contain your e-mail address or your name/],
    // Strong on its own, but built on the name: still refused.
    ['zebra kite lantern lovelace', /must not contain your e-mail address or your name/],
  ])('refuses %j with the reason', (password, reason) => {
    const strength = checkPasswordStrength(password, owner);
    expect(strength.ok).toBe(false);
    expect(strength.reason).toMatch(reason);
    expect(() => assertStrongPassword(password, owner)).toThrow(
      expect.objectContaining({ code: 'validation', userMessage: strength.reason }),
    );
  });

  it.each([
    TEST_PASSWORD,
    'correct horse battery',
    'zebra kite lantern',
    'Tr0ub4dor&3xyz',
    randomBytes(32).toString('base64url'),
  ])('accepts %j', (password) => {
    const strength = checkPasswordStrength(password, owner);
    expect(strength).toMatchObject({ ok: true });
    expect(strength.score).toBeGreaterThanOrEqual(3);
    expect(() => assertStrongPassword(password, owner)).not.toThrow();
  });

  it('names the field in the error, for forms', () => {
    expect(() => assertStrongPassword('1234567890', {}, 'newPassword')).toThrow(
      expect.objectContaining({
        details: {
          fieldErrors: { newPassword: expect.stringMatching(/too easy to guess/) },
          // The same reason as a catalogue key, with zxcvbn's warning by its key, for the UI to word.
          fieldProblems: { newPassword: { key: 'auth.passwordTooEasy', values: { warning: 'topHundred' } } },
        },
      }),
    );
  });

  it('takes the e-mail, its local part and words of 3+ letters as personal parts, never shorter pieces', () => {
    expect(personalParts({ email: 'Jo.Smith@Example.test', name: 'Jo Smith-Li' }).sort()).toEqual(
      ['jo.smith', 'jo.smith@example.test', 'smith'].sort(),
    );
    expect(personalParts({})).toEqual([]);
    // A random token in an address is one part, not runs of letters that chance puts in other passwords.
    expect(personalParts({ email: 'cli-a3bcd1e2f0@x.test' }).sort()).toEqual([
      'a3bcd1e2f0',
      'cli',
      'cli-a3bcd1e2f0',
      'cli-a3bcd1e2f0@x.test',
    ]);
    // "Jo" and "Li" are too short to refuse every password containing them.
    expect(checkPasswordStrength('jolly violin lighthouse', { name: 'Jo Li' }).ok).toBe(true);
  });
});
