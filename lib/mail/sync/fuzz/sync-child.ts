// One sync of FUZZ_MAILBOX_ID against DATABASE_URL, for the fuzzer to SIGKILL at a random moment.
import { closeDb, getDb } from '@/db/client';
import { inProcessParser } from '../../parse/parse-input';
import { syncMailbox } from '../sync-mailbox';

const mailboxId = process.env.FUZZ_MAILBOX_ID;
if (!mailboxId) throw new Error('FUZZ_MAILBOX_ID is not set');
// Connect before saying "started", so the parent's delay measures sync time, not start-up.
await getDb().execute('select 1');
process.stdout.write('started\n');
try {
  const report = await syncMailbox(getDb(), { mailboxId, parser: inProcessParser, batchSize: 5 });
  process.stdout.write(`done ${report.status}\n`);
} catch (error) {
  process.stdout.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await closeDb();
}
