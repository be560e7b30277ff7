import { ensureSecrets } from './lib/env';

// Runs once when a Next.js server process starts: a production server without its secrets must refuse to
// start, naming what is missing, rather than fail on the first sign-in or mailbox connection.
try {
  ensureSecrets();
} catch (error) {
  process.stderr.write(`Mailroom cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

// Background jobs run inside the web process by default, so one `npm start` is a complete installation;
// larger ones set MAILROOM_WORKERS=off here and run `npm run worker` processes instead.
if (process.env.MAILROOM_WORKERS !== 'off') {
  const { startWorkers } = await import('./lib/jobs/start-workers');
  startWorkers().catch((error: unknown) =>
    process.stderr.write(`[jobs] workers did not start: ${error instanceof Error ? error.message : String(error)}\n`),
  );
}

// The HTML workers (sanitizing, quoting) load jsdom before they take a job: started now, the first message
// opened after a restart does not wait a second for them.
const { sharedHtmlPool } = await import('./lib/mail/render/html-pool');
sharedHtmlPool().prestart();
