import { randomBytes } from 'node:crypto';

/**
 * A first password for a user an admin creates: 144 random bits, readable aloud-ish (base64url). Mailroom
 * sends no mail yet, so the admin passes it on; it is shown once and only its hash is stored.
 */
export function generateTemporaryPassword(): string {
  return randomBytes(18).toString('base64url');
}
