import path from 'node:path';
import { runMigrations } from './migrate';

export const DEFAULT_EMBEDDED_PORT = 54329;

/**
 * Resolves the database the process should use: DATABASE_URL when set, otherwise the embedded PostgreSQL
 * under `<dataDir>/pg` (started if it is not running). Applies pending migrations, then sets DATABASE_URL
 * so child processes (Next.js) and db/client use the same server. `stop` only stops what this call started.
 */
export async function ensureDatabase(options: {
  dataDir: string;
  migrate?: boolean;
}): Promise<{ url: string; embedded: boolean; stop: () => Promise<void> }> {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  const embedded = !url;
  if (!url) {
    // Loaded only when needed: the package installs process-wide exit and signal hooks on import.
    const { startEmbeddedPostgres } = await import('./embedded');
    const server = await startEmbeddedPostgres({
      dataDir: path.join(options.dataDir, 'pg'),
      port: Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT),
    });
    url = server.url;
    stop = server.stop;
    process.env.DATABASE_URL = url;
  }
  if (options.migrate !== false) {
    try {
      await runMigrations(url);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { url, embedded, stop };
}
