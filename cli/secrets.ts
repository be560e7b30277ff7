import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations } from '@/db/schema';
import { createKeyring } from '@/lib/crypto/secret-box';
import { findStoredKeyIds } from '@/lib/crypto/stored-key-ids';
import { generateDevelopmentSecrets, type SecretName } from '@/lib/env';
import { AppError } from '@/lib/errors';

const listed = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;

/**
 * The CLI's secrets, once the database is known. A secret the CLI made up would not be the server's: a
 * mailbox it adds would be encrypted with a key the server does not have (and Reconnect could not repair it).
 * So it makes secrets only in development and only for an empty database (a first `npm run cli` before the
 * first `npm run dev`); otherwise it stops and says what to set. `missing` is what lib/env found unset.
 */
export async function ensureCliSecrets(db: Db, missing: readonly SecretName[]): Promise<void> {
  // db:migrate runs before the tables exist: a database without them holds nothing to protect.
  const migrated = (await db.execute<{ found: boolean }>(sql`select to_regclass('organizations') is not null as found`))
    .rows[0]?.found;
  if (!migrated) return generateDevelopmentSecrets(missing);
  if (missing.length > 0) {
    const keys = await findStoredKeyIds(db);
    const inUse =
      keys.length > 0 || (await db.select({ id: organizations.id }).from(organizations).limit(1)).length > 0;
    if (!inUse) return generateDevelopmentSecrets(missing);
    const held =
      keys.length > 0
        ? `this database has ${keys.map((k) => `${k.what} encrypted with key id ${k.keyId}`).join(' and ')}`
        : 'this database already belongs to a Mailroom server (it has organizations)';
    const set = missing.includes('ENCRYPTION_KEY')
      ? `ENCRYPTION_KEY${missing.length > 1 ? ` (and ${listed(missing.filter((n) => n !== 'ENCRYPTION_KEY'))})` : ''}`
      : listed(missing);
    throw new AppError('config', {
      message:
        `${listed(missing)} ${missing.length > 1 ? 'are' : 'is'} not set; ${held}. Set ${set} to the server's values ` +
        '(its environment, or its .data/secrets.json). The CLI makes new secrets only for an empty database, in development.',
    });
  }
  await warnOfForeignKeys(db);
}

// A configured key that matches nothing stored is almost always the wrong environment (another checkout's
// .data/secrets.json): commands that need no secret still work, so this warns rather than stops.
async function warnOfForeignKeys(db: Db): Promise<void> {
  const keyring = createKeyring(
    process.env.ENCRYPTION_KEY!,
    (process.env.ENCRYPTION_KEYS_OLD ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  );
  const foreign = (await findStoredKeyIds(db)).filter((k) => !keyring.keys.has(k.keyId));
  for (const k of foreign) {
    process.stderr.write(
      `Warning: ${k.count} ${k.what} in this database are encrypted with key id ${k.keyId}, which this ENCRYPTION_KEY ` +
        `(key id ${keyring.currentId}) and ENCRYPTION_KEYS_OLD do not include; run the CLI with the server's environment.\n`,
    );
  }
}
