import { ensureSecrets } from './lib/env';

// Runs once when a Next.js server process starts: a production server without its secrets must refuse to
// start, naming what is missing, rather than fail on the first sign-in or mailbox connection.
try {
  ensureSecrets();
} catch (error) {
  process.stderr.write(`Mailroom cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
