import type { Db } from '@/db/client';
import { processMailboxForCrm } from '../../crm/process-new-messages';
import { requiresReauth } from '../errors';
import { createParsePool, type ParsePool } from '../parse/parse-pool';
import { syncMailbox, type SyncReport } from './sync-mailbox';

// One parse pool per process, shared by every sync this process runs.
let pool: ParsePool | undefined;
function sharedParsePool(): ParsePool {
  pool ??= createParsePool();
  return pool;
}

/**
 * The background job: one sync, then the CRM rules over what it brought in. A transient failure is thrown so
 * the job is retried with backoff; a refused password is not (retrying cannot help; the user must reconnect).
 */
export async function runMailboxSyncJob(
  db: Db,
  options: { mailboxId: string },
): Promise<SyncReport | { mailboxId: string; status: 'needs-password' }> {
  try {
    const report = await syncMailbox(db, { mailboxId: options.mailboxId, parser: sharedParsePool() });
    // The mail is in; the CRM's own failures are its business and must not make the sync retry.
    if (report.status === 'synced') {
      await processMailboxForCrm(db, { mailboxId: options.mailboxId }).catch((error: unknown) => {
        process.stderr.write(
          `CRM processing of mailbox ${options.mailboxId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      });
    }
    return report;
  } catch (error) {
    if (requiresReauth(error)) return { mailboxId: options.mailboxId, status: 'needs-password' };
    throw error;
  }
}
